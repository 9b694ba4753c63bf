"""Run the README's examples against the built binary, so that none of them can rot.

    readme_examples.py BPTRACE README [--keep]

The README is read top to bottom and its fenced blocks are carried out in that order, in one
scratch directory (also $HOME), with BPTRACE on the PATH as `bptrace` and $BPTRACE_HOME set to a
copy of the repository's lessons/ and golden/ (so that a `--bless` can never touch the real ones):

- ```sh blocks: each command (a line, with `\\` continuations joined; blank and comment lines
  skipped) runs on its own with `bash -c` in the scratch directory. It must exit 0, or the status
  written at the end of its line as `# exit N` (or `# exit N: why`). The two `scripts/dev`
  commands are not run.
- ```toml blocks whose first line is `# file: NAME` are written to NAME in the scratch directory
  (replacing it); `# append to: NAME` appends the block to NAME. Every ```toml block, a fragment
  too, must parse as TOML.
- A ```text block right after the line `<!-- readme-test: output of COMMAND -->` is an excerpt of
  COMMAND's standard output: its lines must appear there, in order and consecutively.
- The line `<!-- readme-test: skip: REASON -->` right before a fence skips that block.

Exits 1 if any command exits with an unexpected status, an excerpt is not in its output, or a TOML
block does not parse; prints what ran.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

MARKER = re.compile(r"^<!--\s*readme-test:\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^```(\w*)\s*$")
EXIT = re.compile(r"#\s*exit\s+(\d+)\b[^#]*$")
FILE = re.compile(r"^#\s*file:\s*(\S+)")
APPEND = re.compile(r"^#\s*append to:\s*(\S+)")
TIMEOUT = 600


class Block:
    def __init__(self, language, line, marker, text):
        self.language, self.line, self.marker, self.text = language, line, marker, text


def blocks(readme):
    """The fenced blocks of a Markdown file: language, first line number, marker, text."""
    out, marker, current = [], None, None
    for number, line in enumerate(readme.read_text(encoding="utf-8").splitlines(), 1):
        if current is not None:
            if line.startswith("```"):
                out.append(Block(current[0], current[1], current[2], "\n".join(current[3]) + "\n"))
                current = None
            else:
                current[3].append(line)
            continue
        fence = FENCE.match(line)
        if fence:
            current = (fence.group(1), number + 1, marker, [])
            marker = None
            continue
        m = MARKER.match(line)
        marker = m.group(1) if m else None
    if current is not None:
        raise SystemExit(f"{readme}:{current[1] - 1}: a fence that is never closed")
    return out


def commands(block):
    """(README line, command, expected status) for each command of a sh block."""
    out, pending, start = [], "", None
    for offset, line in enumerate(block.text.splitlines()):
        if start is None:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            start = block.line + offset
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        command = (pending + line).strip()
        pending = ""
        m = EXIT.search(command)
        out.append((start, command, int(m.group(1)) if m else 0))
        start = None
    return out


def tail(text, lines=40):
    return "\n".join("    " + l for l in text.splitlines()[-lines:])


def main():
    args = [a for a in sys.argv[1:] if a != "--keep"]
    keep = "--keep" in sys.argv[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    binary, readme = pathlib.Path(args[0]).resolve(), pathlib.Path(args[1]).resolve()
    repository = readme.parent
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="bptrace-readme-"))
    home = scratch / ".bptrace-home"
    for folder in ("lessons", "golden"):
        shutil.copytree(repository / folder, home / folder)
    tools = scratch / ".bin"
    tools.mkdir()
    (tools / "bptrace").symlink_to(binary)
    env = dict(os.environ, PATH=f"{tools}{os.pathsep}{os.environ.get('PATH', '')}",
               BPTRACE_HOME=str(home), HOME=str(scratch), NO_COLOR="1")

    failures, ran, written, excerpts, skipped = [], 0, 0, 0, 0

    def run(command):
        return subprocess.run(["bash", "-c", command], cwd=scratch, env=env, capture_output=True,
                              text=True, timeout=TIMEOUT)

    for block in blocks(readme):
        if block.marker and block.marker.startswith("skip"):
            skipped += 1
            print(f"README:{block.line}: skipped ({block.marker})")
            continue
        if block.language == "sh":
            for line, command, expected in commands(block):
                if command.startswith("scripts/dev "):
                    continue
                result = run(command)
                ran += 1
                status = "ok" if result.returncode == expected else "FAILED"
                print(f"README:{line}: {status}: {command}  (exit {result.returncode})")
                if result.returncode != expected:
                    failures.append(f"README:{line}: `{command}` exited {result.returncode}, expected "
                                    f"{expected}\n  stdout:\n{tail(result.stdout)}\n  stderr:\n{tail(result.stderr)}")
        elif block.language == "toml":
            try:
                tomllib.loads(block.text)
            except tomllib.TOMLDecodeError as error:
                failures.append(f"README:{block.line}: the TOML block does not parse: {error}")
                continue
            first = block.text.splitlines()[0] if block.text.strip() else ""
            created, appended = FILE.match(first), APPEND.match(first)
            if created or appended:
                name = (created or appended).group(1)
                path = scratch / name
                path.parent.mkdir(parents=True, exist_ok=True)
                if appended and not path.exists():
                    failures.append(f"README:{block.line}: appends to {name}, which no block wrote before")
                    continue
                with open(path, "a" if appended else "w", encoding="utf-8") as out:
                    out.write(("\n" if appended else "") + block.text)
                written += 1
                print(f"README:{block.line}: {'appended to' if appended else 'wrote'} {name}")
        elif block.marker and block.marker.startswith("output of "):
            command = block.marker[len("output of "):]
            result = run(command)
            ran += 1
            excerpt = block.text.rstrip("\n").splitlines()
            output = result.stdout.splitlines()
            found = any(output[i:i + len(excerpt)] == excerpt for i in range(len(output) - len(excerpt) + 1))
            excerpts += 1
            print(f"README:{block.line}: {'ok' if found else 'FAILED'}: excerpt of `{command}` "
                  f"({len(excerpt)} lines)")
            if result.returncode != 0:
                failures.append(f"README:{block.line}: `{command}` exited {result.returncode}\n{tail(result.stderr)}")
            elif not found:
                failures.append(f"README:{block.line}: these {len(excerpt)} lines are not in the output of "
                                f"`{command}`, in order (copy them from it again):\n{tail(block.text)}")

    print(f"{ran} commands run, {written} files written, {excerpts} output excerpts compared, "
          f"{skipped} blocks skipped; scratch directory {scratch}{'' if keep else ' (removed)'}")
    if not keep:
        shutil.rmtree(scratch, ignore_errors=True)
    if ran == 0:
        failures.append("no README example was run: are the blocks still fenced as ```sh?")
    if failures:
        print("\n" + "\n\n".join(failures))
        print(f"\n{len(failures)} README examples failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
