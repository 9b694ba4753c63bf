#!/usr/bin/env python3
"""Validates `bptrace run LESSON --notation N --format json` against docs/trace.schema.json for
every lesson and notation, and checks that every step's value is the same in all notations.
Usage: validate_json.py BPTRACE SCHEMA LESSON.toml...   (Debian: python3-jsonschema)"""
import json
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("python3-jsonschema is missing (Debian package python3-jsonschema; scripts/dev installs it)")

NOTATIONS = ["bracket", "augmented", "paren", "formal", "hidden-output"]


def main():
    bptrace, schema_path, lessons = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    checked = 0
    for lesson in lessons:
        values = {}
        for notation in NOTATIONS:
            run = subprocess.run([bptrace, "run", lesson, "--notation", notation, "--format", "json"],
                                 capture_output=True, text=True)
            if run.returncode == 2:
                print(f"{lesson} {notation}: not expressible: {run.stderr.strip()}")
                continue
            trace = json.loads(run.stdout)
            errors = sorted(validator.iter_errors(trace), key=lambda e: list(e.path))
            for e in errors[:5]:
                print(f"{lesson} {notation}: {list(e.path)}: {e.message}")
            if errors:
                return 1
            values[notation] = [(s["name"], s["value"], [c["value"] for c in s.get("contributions", [])])
                                for s in trace["steps"]]
            checked += 1
        reference = values.get("bracket")
        for notation, v in values.items():
            if v != reference:
                print(f"{lesson}: values in notation {notation} differ from bracket")
                return 1
    print(f"{checked} JSON traces valid against {schema_path}; values identical across notations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
