#!/usr/bin/env python3
"""Mutation testing: does a test fail when lib/ has a bug a real one would look like?

    python3 scripts/mutate.py [--list tests/mutation/mutants.txt] [--dir build-mutate]
                              [--only ID ...] [--min-score 0.95] [--jobs N]

Each mutant in the list (see the head of tests/mutation/mutants.txt) is one
exact snippet of one file and its replacement, with the tests expected to
catch it. For each mutant, one at a time, the script puts the replacement in,
rebuilds only the test programs it names (incrementally), runs them (one test
of a program when the list names one: INFISICAL_TEST_FILTER) and puts the
original back. A mutant is killed when a named test fails or hangs past its
timeout, and survives when they all pass.

The worktree is never touched: the mutants are applied to a scratch copy of
it (DIR/src, built in DIR/build), which every run first brings up to date
with the worktree, so even a run killed with SIGKILL leaves nothing behind;
the original text is also put back in a `finally`, on Ctrl-C too.

Before any mutant, the named tests run on the unmutated copy and must pass:
a test that fails anyway would "kill" every mutant. A snippet that is not in
its file, or is there more than once, is an error for the whole list (it
would otherwise rot silently after a refactoring), and so is a mutant that
does not compile.

Exit status: 0 when the score (killed / mutants) reaches --min-score and
nothing was an error; 1 otherwise; 2 for a broken list or setup.
"""

import argparse
import concurrent.futures
import fnmatch
import json
import os
import re
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = ("file", "find", "replace", "tests", "why", "timeout")


class ListError(Exception):
    pass


def parse_list(path):
    """[id] blocks of `key = value` lines; the value is the rest of the line."""
    mutants, cur = [], None
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("[") and line.rstrip().endswith("]"):
                cur = {"id": line.strip()[1:-1], "line": lineno}
                mutants.append(cur)
                continue
            key, eq, value = line.partition("=")
            key = key.strip()
            if not eq or key not in KEYS or cur is None:
                raise ListError(f"{path}:{lineno}: expected [id] or one of {', '.join(KEYS)} = value")
            if key in cur:
                raise ListError(f"{path}:{lineno}: {key} given twice for {cur['id']}")
            cur[key] = value.strip()
    seen = set()
    for m in mutants:
        where = f"{path}:{m['line']} [{m['id']}]"
        for key in ("file", "find", "replace", "tests"):
            if key not in m:
                raise ListError(f"{where}: no {key}")
        if not m["find"] or m["find"] == m["replace"] or not m["tests"].split():
            raise ListError(f"{where}: an empty find or tests, or a replacement equal to the original")
        if m["id"] in seen:
            raise ListError(f"{where}: the id is used twice")
        seen.add(m["id"])
        m["specs"] = [(t.partition(":")[0], t.partition(":")[2] or None) for t in m["tests"].split()]
        try:
            m["timeout"] = float(m["timeout"]) if "timeout" in m else None
        except ValueError:
            raise ListError(f"{where}: timeout must be a number of seconds")
    return mutants


def sync_scratch(src):
    """Bring DIR/src up to date with the worktree, writing only files that
    differ so that ninja rebuilds no more than it must."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           check=True, capture_output=True).stdout.decode().split("\0")
    changed = 0
    for rel in filter(None, files):
        a = os.path.join(ROOT, rel)
        if not os.path.isfile(a) or os.path.islink(a):
            continue
        b = os.path.join(src, rel)
        with open(a, "rb") as f:
            data = f.read()
        try:
            with open(b, "rb") as f:
                same = f.read() == data
        except FileNotFoundError:
            same = False
        if not same:
            os.makedirs(os.path.dirname(b), exist_ok=True)
            with open(b, "wb") as f:
                f.write(data)
            os.chmod(b, os.stat(a).st_mode & 0o777)
            changed += 1
    return changed


def check_snippets(mutants, src):
    problems = []
    for m in mutants:
        path = os.path.join(src, m["file"])
        try:
            with open(path, encoding="utf-8") as f:
                n = f.read().count(m["find"])
        except FileNotFoundError:
            problems.append(f"[{m['id']}] {m['file']}: no such file")
            continue
        if n != 1:
            problems.append(f"[{m['id']}] {m['file']}: the snippet is found {n} times, not once: {m['find']}")
    return problems


def introspect(build, what):
    out = subprocess.run(["meson", "introspect", what, build], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8",
                          errors="replace", **kw)


def kill_group(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def build_targets(build, targets):
    r = run(["ninja", "-C", build] + sorted(targets))
    return r.returncode == 0, r.stdout


def run_test(test, filt, timeout, tail=2000):
    """0 passed, 1 failed, 2 timed out, 3 the filter matched nothing; with
    the output (its last `tail` characters, or all of it)."""
    env = dict(os.environ)
    env.update(test.get("env") or {})
    env.pop("INFISICAL_TEST_FILTER", None)
    if filt:
        env["INFISICAL_TEST_FILTER"] = filt
    # A process group of its own, so a hung test and its devserver both go.
    p = subprocess.Popen(test["cmd"], cwd=test.get("workdir") or None, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, encoding="utf-8", errors="replace", start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(p)
        out, _ = p.communicate()
        return 2, out[-tail:] if tail else out
    except BaseException:
        kill_group(p)
        p.wait()
        raise
    # A filter that matches no test passes without testing anything: that is
    # a broken list (a renamed test), not a pass.
    status = 3 if filt and "[ RUN      ]" not in out else 0 if p.returncode == 0 else 1
    return status, out[-tail:] if tail else out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", default=os.path.join(ROOT, "tests", "mutation", "mutants.txt"))
    ap.add_argument("--dir", default=os.path.join(ROOT, "build-mutate"))
    ap.add_argument("--only", nargs="*", help="run these mutant ids only")
    ap.add_argument("--min-score", type=float, default=0.95)
    ap.add_argument("--timeout", type=float, default=20.0,
                    help="seconds per test program run; a mutant that makes a test hang longer is killed")
    ap.add_argument("--jobs", type=int, default=2, help="baseline test runs at a time")
    ap.add_argument("--verbose", action="store_true", help="show the output of a test that killed a mutant")
    args = ap.parse_args()

    try:
        mutants = parse_list(args.list)
    except ListError as e:
        print(f"mutate: {e}", file=sys.stderr)
        return 2
    if args.only:
        unknown = set(args.only) - {m["id"] for m in mutants}
        if unknown:
            print(f"mutate: no such mutant: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        mutants = [m for m in mutants if m["id"] in args.only]

    src, build = os.path.join(args.dir, "src"), os.path.join(args.dir, "build")
    t_start = time.monotonic()
    os.makedirs(src, exist_ok=True)
    sync_scratch(src)
    problems = check_snippets(mutants, src)
    if problems:
        print("mutate: the list does not match the sources (refresh these snippets):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 2
    if not os.path.exists(os.path.join(build, "build.ninja")):
        r = run(["meson", "setup", build, src, "-Dwerror=false"])
        if r.returncode != 0:
            print(r.stdout, file=sys.stderr)
            return 2

    tests = {t["name"]: t for t in introspect(build, "--tests")}
    files_of = {t["id"]: t["filename"] for t in introspect(build, "--targets")}
    targets_of = {}
    for m in mutants:
        for name, _ in m["specs"]:
            if name not in tests:
                print(f"mutate: [{m['id']}] names no meson test {name}", file=sys.stderr)
                return 2
            t = tests[name]
            want = {os.path.relpath(t["cmd"][0], build)} if t["cmd"][0].startswith(os.path.abspath(build)) else set()
            for dep in t.get("depends") or []:
                for f in files_of.get(dep, []):
                    want.add(os.path.relpath(f, build))
            targets_of[name] = want
    needed = set().union(*(targets_of[n] for m in mutants for n, _ in m["specs"])) if mutants else set()

    # The baseline: every named test passes on the unmutated copy.
    ok, out = build_targets(build, needed)
    if not ok:
        print(out[-4000:], file=sys.stderr)
        print("mutate: the unmutated copy does not build", file=sys.stderr)
        return 2
    # The baseline runs each named program once, whole (cheaper than one run
    # per filter: a program's setup, such as a TLS certificate, is paid
    # once), --jobs at a time: each starts a devserver of its own on an
    # ephemeral port. Every filter must match a test the program ran.
    programs = sorted({name for m in mutants for name, _ in m["specs"]})
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = dict(zip(programs, pool.map(
            lambda name: run_test(tests[name], None, max(args.timeout, tests[name].get("timeout") or 0), tail=None),
            programs)))
    for name in programs:
        status, out = outcomes[name]
        if status != 0:
            print(out[-6000:], file=sys.stderr)
            print(f"mutate: {name} {'fails' if status == 1 else 'hangs'} without any mutant", file=sys.stderr)
            return 2
    ran = {name: re.findall(r"^\[ RUN      \] (\S+)", outcomes[name][1], re.M) for name in programs}
    for m in mutants:
        for name, filt in m["specs"]:
            if filt and not any(fnmatch.fnmatchcase(t, filt) for t in ran[name]):
                print(f"mutate: [{m['id']}] {name}:{filt} matches no test of {name}", file=sys.stderr)
                return 2
    t_base = time.monotonic() - t_start
    print(f"baseline: {len(programs)} test programs pass ({t_base:.1f} s)")

    results = []
    for i, m in enumerate(mutants, 1):
        path = os.path.join(src, m["file"])
        with open(path, encoding="utf-8") as f:
            original = f.read()
        t0 = time.monotonic()
        verdict, detail = "survived", ""
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(m["find"], m["replace"], 1))
            ok, out = build_targets(build, set().union(*(targets_of[n] for n, _ in m["specs"])))
            if not ok:
                verdict, detail = "error", "does not compile:\n" + out[-3000:]
            else:
                for name, filt in m["specs"]:
                    status, out = run_test(tests[name], filt, m["timeout"] or args.timeout)
                    if status == 3:
                        verdict, detail = "error", f"{name}:{filt} matches no test"
                        break
                    if status != 0:
                        verdict = "killed"
                        detail = f"by {name}{':' + filt if filt else ''}" + (" (timeout)" if status == 2 else "")
                        if args.verbose:
                            detail += "\n" + out
                        break
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
        took = time.monotonic() - t0
        results.append((m, verdict, detail, took))
        print(f"[{i:3}/{len(mutants)}] {verdict:8} {took:5.1f}s  {m['id']}  {detail.splitlines()[0] if detail else ''}",
              flush=True)
        if verdict == "error":
            print(detail, file=sys.stderr)

    killed = sum(1 for _, v, _, _ in results if v == "killed")
    survived = [m["id"] for m, v, _, _ in results if v == "survived"]
    errors = [m["id"] for m, v, _, _ in results if v == "error"]
    total = len(results)
    score = killed / total if total else 1.0
    print(f"\n{killed} of {total} mutants killed: score {100 * score:.1f}% "
          f"(in {time.monotonic() - t_start:.0f} s, baseline included)")
    if survived:
        print("survived: " + ", ".join(survived))
    if errors:
        print("errors: " + ", ".join(errors))
    return 0 if score >= args.min_score and not errors else 1


if __name__ == "__main__":
    # SIGTERM ends the run the way Ctrl-C does, so the `finally` puts the original back.
    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("mutate: interrupted; the scratch copy is restored", file=sys.stderr)
        sys.exit(130)
