#!/usr/bin/env python3
"""Validate spec files against `nnc schema` with the reference Python validator.

Usage:
    Tests/check_schema.py [--nnc PATH] [--invalid] SPEC...

Reads the schema from `nnc schema` (the binary given with --nnc, else the
first of .build/release/nnc, .build/debug/nnc and `nnc` on PATH), loads each
spec with YAML 1.2 core typing (as nnc and the YAML language server do: `1e-3`
is a number, `no` is a string) and validates it with `jsonschema`'s Draft
2020-12 validator. Prints one line per spec; exits 1 when a spec fails (or,
with --invalid, when a spec passes), 2 when it cannot run (no nnc binary, a
Python package missing). Not part of `swift test`: the Swift tests use their
own small validator; this script cross-checks the schema against the
reference implementation.

Needs: pip install jsonschema pyyaml
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys



def fail(message):
    """Stops with exit status 2: the check could not run."""
    print(f"check_schema.py: {message}", file=sys.stderr)
    sys.exit(2)


try:
    import jsonschema
    import yaml
except ImportError as e:
    fail(f"needs the Python packages jsonschema and pyyaml ({e.name} is missing): "
             "pip install jsonschema pyyaml")


class Core12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with the YAML 1.2 core schema's booleans and floats."""


Core12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Core12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))
# An integer-looking text matched by both keeps the int resolver, which PyYAML tries first.


def find_nnc():
    """The nnc binary to ask for the schema: a release build, a debug build, or the one on PATH."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for candidate in (os.path.join(root, ".build", "release", "nnc"), os.path.join(root, ".build", "debug", "nnc")):
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("nnc")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nnc", help="the nnc binary (default: .build/release/nnc, .build/debug/nnc, nnc on PATH)")
    parser.add_argument("--invalid", action="store_true", help="expect every spec to fail")
    parser.add_argument("specs", nargs="+")
    args = parser.parse_args()
    nnc = args.nnc or find_nnc()
    if nnc is None:
        fail("no nnc binary found (looked for .build/release/nnc, .build/debug/nnc and nnc on PATH); "
                 "build one with `swift build -c release --product nnc`, or pass --nnc PATH")
    try:
        run = subprocess.run([nnc, "schema"], capture_output=True, text=True)
    except OSError as e:
        fail(f"cannot run {nnc}: {e.strerror}; "
                 "build nnc with `swift build -c release --product nnc`, or pass --nnc PATH")
    if run.returncode != 0:
        fail(f"`{nnc} schema` failed (exit {run.returncode}): {run.stderr.strip()}")
    schema = json.loads(run.stdout)
    validator = jsonschema.Draft202012Validator(schema)
    failed = False
    for path in args.specs:
        try:
            with open(path, encoding="utf-8") as f:
                instance = yaml.load(f, Loader=Core12Loader)
        except OSError as e:
            print(f"{path}: cannot read: {e.strerror}")
            failed = True
            continue
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as e:
            print(f"{path}: not YAML: {e}".splitlines()[0])
            failed |= not args.invalid
            continue
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if errors:
            first = errors[0]
            where = "/".join(str(p) for p in first.absolute_path) or "(root)"
            print(f"{path}: rejected at {where}: {first.message[:160]}")
        else:
            print(f"{path}: accepted")
        failed |= bool(errors) != args.invalid
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
