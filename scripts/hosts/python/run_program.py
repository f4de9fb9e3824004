"""Runs one Pulumi Python program for the project's pulumi-language-python host.

The host runs `python -u -c <this text> --monitor ADDR --engine ADDR --project P --stack S
[--root_directory DIR] [--pwd DIR] [--dry_run true|false] [--parallel N] [--tracing URL]
[--organization O] PROGRAM [ARGS...]`, the command line upstream's host gives its exec script,
with PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS in the environment. Only the public runtime API
of the `pulumi` package from PyPI is used: set_all_config, Settings, configure, run_in_stack.

Exit codes: 0 done; 32 the program failed and its error has been reported to the engine (the
engine then stops without a message of its own); 1 the SDK could not be imported.
"""

import argparse
import asyncio
import inspect
import logging
import os
import runpy
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor

ERROR_REPORTED = 32


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Run a Pulumi Python program")
    for flag in (
        "project",
        "root_directory",
        "stack",
        "parallel",
        "dry_run",
        "pwd",
        "monitor",
        "engine",
        "tracing",
        "organization",
    ):
        parser.add_argument("--" + flag)
    parser.add_argument("program")
    parser.add_argument("args", nargs="*")
    return parser.parse_args(argv)


def make_settings(runtime, args):
    """Settings of this run, passing only the parameters this SDK release knows."""
    wanted = {
        "monitor": args.monitor,
        "engine": args.engine,
        "project": args.project,
        "stack": args.stack,
        "parallel": int(args.parallel) if args.parallel else None,
        "dry_run": args.dry_run == "true",
        "organization": args.organization,
        "root_directory": args.root_directory,
    }
    known = inspect.signature(runtime.Settings.__init__).parameters
    return runtime.Settings(**{k: v for k, v in wanted.items() if k in known})


def user_traceback(program):
    """The traceback of the exception being handled, from the first frame of the program on."""
    root = os.path.abspath(program if os.path.isdir(program) else os.path.dirname(program))
    frames = traceback.extract_tb(sys.exc_info()[2])
    for i, frame in enumerate(frames):
        if os.path.abspath(frame.filename).startswith(root + os.sep):
            return traceback.format_exc(limit=-(len(frames) - i))
    return traceback.format_exc()


def main():
    try:
        import pulumi
        import pulumi.runtime
    except ImportError:
        print(traceback.format_exc(), file=sys.stderr)
        print(
            f"The Pulumi SDK for Python is not installed in {sys.executable}. Install it there "
            "(`pip install -r requirements.txt`), or name a virtualenv in Pulumi.yaml "
            "(runtime.options.virtualenv) and run `pulumi install`.",
            file=sys.stderr,
        )
        return 1

    args = parse_args(sys.argv[1:])
    runtime = pulumi.runtime
    config = runtime.get_config_env()
    if hasattr(runtime, "set_all_config") and hasattr(runtime, "get_config_secret_keys_env"):
        runtime.set_all_config(config, runtime.get_config_secret_keys_env())
    else:
        for key, value in config.items():
            runtime.set_config(key, value)
    settings = make_settings(runtime, args)
    runtime.configure(settings)

    sys.argv = [args.program] + args.args
    if args.pwd:
        os.chdir(args.pwd)
    program = args.program
    if os.path.isdir(program) and not os.path.isfile(os.path.join(program, "__main__.py")):
        pulumi.log.error(
            f"no __main__.py in {os.path.abspath(program)}: a Python program is a folder with a "
            "__main__.py, or the file that `main` names in Pulumi.yaml"
        )
        return ERROR_REPORTED

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    executor = ThreadPoolExecutor(max_workers=max(settings.parallel or 1, 1) * 4)
    loop.set_default_executor(executor)
    # A failed deployment leaves futures nobody awaits; asyncio's complaints about them are noise.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    code = ERROR_REPORTED
    try:
        loop.run_until_complete(
            runtime.run_in_stack(lambda: runpy.run_path(program, run_name="__main__"))
        )
        code = 0
    except pulumi.RunError as e:
        pulumi.log.error(str(e))
    except Exception:  # noqa: BLE001 -- any failure of the program is reported the same way
        pulumi.log.error("Program failed with an unhandled exception:\n" + user_traceback(program))
    finally:
        executor.shutdown(wait=True)
        loop.close()
        sys.stdout.flush()
        sys.stderr.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
