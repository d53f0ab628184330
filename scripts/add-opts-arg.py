#!/usr/bin/env python3
"""One-off migration for API 0.2: every operation gained a per-call options
parameter before `err`. Rewrites calls in the given C files, inserting NULL
(the defaults) as the second-to-last argument of each call to an operation."""
import re
import sys

# Each operation and its number of arguments after the change: a call that
# has that many already is left alone, so the script can run again.
OPS = {"infisical_client_login": 3, "infisical_client_revoke": 3, "infisical_northflank_create": 5,
       "infisical_northflank_get": 5, "infisical_northflank_get_by_name": 6, "infisical_northflank_list": 5,
       "infisical_northflank_list_available": 5, "infisical_northflank_update": 6, "infisical_northflank_delete": 5,
       "infisical_northflank_offered": 4, "infisical_northflank_api_list_projects": 4,
       "infisical_northflank_api_list_secret_groups": 5, "infisical_northflank_api_preflight": 5}
CALL = re.compile(r"\b(" + "|".join(OPS) + r")\(")


def args_end(s, i):
    """Index of the ')' closing the call whose '(' is at i-1; commas at depth 1."""
    depth, commas, j, in_str = 1, [], i, None
    while j < len(s):
        c = s[j]
        if in_str:
            if c == "\\":
                j += 1
            elif c == in_str:
                in_str = None
        elif c in "\"'":
            in_str = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return j, commas
        elif c == "," and depth == 1:
            commas.append(j)
        j += 1
    raise ValueError("unbalanced call")


for path in sys.argv[1:]:
    s = open(path).read()
    out, pos = [], 0
    for m in CALL.finditer(s):
        if m.start() < pos:
            continue
        line_start = s.rfind("\n", 0, m.start()) + 1
        if s[line_start:m.start()].lstrip().startswith(("INFISICAL_API", "int infisical_")):
            continue  # a declaration or definition, not a call
        end, commas = args_end(s, m.end())
        last = commas[-1] if commas else None
        if last is None or len(commas) + 1 >= OPS[m.group(1)]:
            continue
        out.append(s[pos:last])
        out.append(", NULL")
        pos = last
    out.append(s[pos:])
    t = "".join(out)
    if t != s:
        open(path, "w").write(t)
        print("migrated", path)
