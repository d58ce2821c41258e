#!/usr/bin/env python3
"""Validate spec files against `nnc schema` with the reference Python validator.

Usage:
    Tests/check_schema.py [--nnc PATH] [--invalid] SPEC...

Reads the schema from `nnc schema` (default binary: .build/debug/nnc), loads
each spec with YAML 1.2 core typing (as the YAML language server does:
`1e-3` is a number, `yes` is a string) and validates it with `jsonschema`'s
Draft 2020-12 validator. Prints one line per spec; exits 1 when a spec fails
(or, with --invalid, when a spec passes). Not part of `swift test`: the Swift
tests use their own small validator; this script cross-checks the schema
against the reference implementation.
"""
import argparse
import json
import re
import subprocess
import sys

import jsonschema
import yaml


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nnc", default=".build/debug/nnc")
    parser.add_argument("--invalid", action="store_true", help="expect every spec to fail")
    parser.add_argument("specs", nargs="+")
    args = parser.parse_args()
    schema = json.loads(subprocess.run([args.nnc, "schema"], check=True, capture_output=True, text=True).stdout)
    validator = jsonschema.Draft202012Validator(schema)
    failed = False
    for path in args.specs:
        with open(path, encoding="utf-8") as f:
            try:
                instance = yaml.load(f, Loader=Core12Loader)
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
