"""lessons/SOURCES.md names every lesson and every document a lesson's `source` field cites.

    sources_test.py REPOSITORY
"""

import pathlib
import re
import sys
import tomllib


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = pathlib.Path(sys.argv[1])
    sources = (root / "lessons" / "SOURCES.md").read_text(encoding="utf-8")
    problems = []
    lessons = sorted((root / "lessons").glob("*.toml"))
    for lesson in lessons:
        if f"| `{lesson.stem}` |" not in sources:
            problems.append(f"lessons/SOURCES.md has no row for the lesson `{lesson.stem}`")
        source = tomllib.loads(lesson.read_text(encoding="utf-8"))["lesson"]["source"]
        for document in re.findall(r"\b\d{3}_[0-9a-f]{16}\.txt\b", source):
            if f"`{document}`" not in sources:
                problems.append(f"{lesson.name} cites {document}, which lessons/SOURCES.md does not list")
    for problem in problems:
        print(problem)
    print(f"{len(lessons)} lessons, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
