#!/usr/bin/env python3
"""No shell-outs (DESIGN.md rule 4): product code changes interfaces through
netlink and ethdev calls only. Fails on any call that starts a program in the
product sources (src, patterns, kernel_ops, pmd_ops; comments and strings
aside), and on any such function the hammer binary imports. The scanner is
first shown a planted call, so that a scanner that finds nothing cannot pass.

    no_shell_outs_test.py HAMMER SOURCE_ROOT
"""
import pathlib
import re
import subprocess
import sys
import tempfile

PRODUCT_DIRECTORIES = ("src", "patterns", "kernel_ops", "pmd_ops")

# Every libc entry that runs another program, directly or through a shell.
STARTERS = ("system", "popen", "execl", "execlp", "execle", "execv", "execvp", "execvpe", "execve", "execveat",
            "fexecve", "posix_spawn", "posix_spawnp", "fork", "vfork", "clone3", "wordexp")
CALL = re.compile(r"(?<![\w.>])(?:::)?(?:std::)?(" + "|".join(STARTERS) + r")\s*\(")
COMMENT_OR_TEXT = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def calls_in(text):
    """The program-starting calls in C++ source text, by line, ignoring comments and literals."""
    code = COMMENT_OR_TEXT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return [(code.count("\n", 0, m.start()) + 1, m.group(1)) for m in CALL.finditer(code)]


def scan(root):
    found = []
    for directory in PRODUCT_DIRECTORIES:
        for path in sorted((root / directory).rglob("*")):
            if path.suffix in (".cpp", ".hpp", ".h", ".cc", ".c"):
                found += [f"{path.relative_to(root)}:{line}: {name}(" for line, name in calls_in(path.read_text())]
    return found


def imported_starters(binary):
    symbols = subprocess.run(["nm", "-D", "--undefined-only", binary], capture_output=True, text=True, check=True)
    names = {line.split()[-1].split("@")[0] for line in symbols.stdout.splitlines() if line.strip()}
    return sorted(names & set(STARTERS))


def main():
    hammer, root = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = 0

    with tempfile.TemporaryDirectory() as planted:
        (pathlib.Path(planted) / "src").mkdir()
        (pathlib.Path(planted) / "src" / "x.cpp").write_text(
            '// system("ls") in a comment is fine\nconst char* s = "popen(";\nint f() { return std::system("ip link"); }\n'
            "void g(char** a) { ::execvp(a[0], a); }\n")
        caught = scan(pathlib.Path(planted))
        if caught != ["src/x.cpp:3: system(", "src/x.cpp:4: execvp("]:
            print(f"FAIL: the scanner misreads a planted file: {caught}")
            failures += 1

    found = scan(root)
    if found:
        print("FAIL: product code starts programs:\n  " + "\n  ".join(found))
        failures += 1
    else:
        print(f"ok: no call that starts a program in {', '.join(PRODUCT_DIRECTORIES)}")

    imported = imported_starters(hammer)
    if imported:
        print(f"FAIL: the hammer binary imports {', '.join(imported)}")
        failures += 1
    else:
        print("ok: the hammer binary imports none of " + ", ".join(STARTERS))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
