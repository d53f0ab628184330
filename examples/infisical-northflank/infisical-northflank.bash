# bash completion for infisical-northflank                 -*- shell-script -*-
#
# Installed as <datadir>/bash-completion/completions/infisical-northflank.
# Self-contained: it needs nothing from the bash-completion package, so it
# also works when sourced by hand. It completes commands, options and file
# names, never a value that could be a secret.

_infisical_northflank()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # "--from=FI<TAB>": bash splits at '=', so look one word further back.
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi

    local global="--api-url --domain --northflank-url --client-id --client-secret-file --token-file
                  --org --timeout --json --quiet --verbose --insecure --help --version"
    local with_value="--api-url|--domain|--northflank-url|--client-id|--client-secret-file|--token-file|--org|--timeout|--id|--name|--project|--description|--hash|--from|--api-token-file|--connection|--connection-name|--environment|--path|--destination-project|--destination-group|--destination-project-name|--destination-group-name|--initial-behavior|--key-schema|--auto-sync|--prioritize"

    case $prev in
    --api-token-file | --client-secret-file | --token-file | --from)
        # A file, or - for stdin.
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        [[ -z $cur ]] && COMPREPLY+=(-)
        return
        ;;
    --timeout)
        COMPREPLY=($(compgen -W "10 30 60 500ms 2m" -- "$cur"))
        return
        ;;
    --api-url | --domain | --northflank-url | --client-id | --org | --id | --name | --project | --description | --hash | \
        --connection | --connection-name | --environment | --path | --destination-project | --destination-group | \
        --destination-project-name | --destination-group-name | --key-schema)
        COMPREPLY=()
        return
        ;;
    --initial-behavior)
        COMPREPLY=($(compgen -W "overwrite-destination import-prioritize-source import-prioritize-destination" -- "$cur"))
        return
        ;;
    --auto-sync)
        COMPREPLY=($(compgen -W "on off" -- "$cur"))
        return
        ;;
    --disable-secret-deletion)
        # on or off, or nothing: an option typed next is completed as usual.
        if [[ $cur != -* ]]; then
            COMPREPLY=($(compgen -W "on off" -- "$cur"))
            return
        fi
        ;;
    --prioritize)
        COMPREPLY=($(compgen -W "source destination" -- "$cur"))
        return
        ;;
    esac

    # The command words typed so far, skipping options and their values.
    local i w cmd= sub=
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ $w == -* ]]; then
            [[ $w != *=* && $w =~ ^($with_value)$ ]] && ((i++))
            continue
        fi
        [[ $w == = ]] && continue
        if [[ -z $cmd ]]; then
            cmd=$w
        elif [[ ($cmd == connection || $cmd == sync || $cmd == help) && -z $sub ]]; then
            sub=$w
        fi
    done

    local opts=
    case $cmd in
    "")
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$global" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "login options preflight connection sync help" -- "$cur"))
        fi
        return
        ;;
    help)
        if [[ -z $sub ]]; then
            COMPREPLY=($(compgen -W "login options preflight connection sync" -- "$cur"))
        elif [[ $sub == connection ]]; then
            COMPREPLY=($(compgen -W "create get list available update delete drift" -- "$cur"))
        elif [[ $sub == sync ]]; then
            COMPREPLY=($(compgen -W "create get list update delete trigger import remove" -- "$cur"))
        fi
        return
        ;;
    preflight) opts="--api-token-file --check-write" ;;
    connection)
        case $sub in
        "")
            if [[ $cur != -* ]]; then
                COMPREPLY=($(compgen -W "create get list available update delete drift" -- "$cur"))
                return
            fi
            ;;
        create) opts="--name --description --project --api-token-file --preflight --check-write" ;;
        get) opts="--id --name --project" ;;
        list | available) opts="--project" ;;
        update) opts="--id --name --description --clear-description --rotate-token --api-token-file --preflight --check-write" ;;
        delete) opts="--id" ;;
        drift) opts="--id --name --project --hash --from" ;;
        esac
        ;;
    sync)
        case $sub in
        "")
            if [[ $cur != -* ]]; then
                COMPREPLY=($(compgen -W "create get list update delete trigger import remove" -- "$cur"))
                return
            fi
            ;;
        create) opts="--name --project --connection --connection-name --environment --path --destination-project
                      --destination-group --destination-project-name --destination-group-name --description
                      --initial-behavior --key-schema --disable-secret-deletion --no-auto-sync --wait" ;;
        get) opts="--id --name --project" ;;
        list) opts="--project" ;;
        update) opts="--id --name --description --clear-description --connection --connection-name --environment --path
                      --auto-sync --initial-behavior --key-schema --clear-key-schema --disable-secret-deletion
                      --destination-project --destination-group --destination-project-name --destination-group-name" ;;
        delete) opts="--id --remove-secrets --wait" ;;
        trigger | remove) opts="--id --wait" ;;
        import) opts="--id --prioritize --wait" ;;
        esac
        ;;
    esac
    COMPREPLY=($(compgen -W "$opts $global" -- "$cur"))
}

complete -F _infisical_northflank infisical-northflank
