"""The ``holos`` command: serve, demo, plans, import, export, check.

Every failure a person can cause (a bad argument, a missing file, an unknown
organisation) ends with one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any, NoReturn

EXIT_USAGE = 2


class CommandError(Exception):
    """A problem to tell the person in one line."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holos.settings")
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # only when a database cache is configured


# serve


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    _migrate()
    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)
    worker = None
    if not args.no_worker:
        worker = subprocess.Popen([sys.executable, "-m", "holos.cli", "worker"])  # noqa: S603
    from waitress import create_server

    from holos.wsgi import application

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        try:
            server = create_server(application, host=args.host, port=args.port, threads=args.threads)
        except OSError as exc:
            raise CommandError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from exc
        url = f"http://{args.host}:{args.port}/"
        print(f"Holos is running at {url} (press Ctrl+C to stop).", flush=True)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command

    from holos.work.scheduler import start_scheduler

    # Every worker runs the scheduler; DailyRun rows make sure each daily job is queued once.
    start_scheduler()
    call_command("db_worker", reload=False, verbosity=1)
    return 0


# demo


def cmd_demo(args: argparse.Namespace) -> int:
    _setup_django()
    from django.conf import settings

    if not settings.DEBUG and not args.force:
        raise CommandError("the demo creates a user 'demo' with password 'demo'; "
                           "run it with DEBUG=1, or add --force if you mean it")
    _migrate()
    from holos.demo.build import build_demo

    result = build_demo(reset=args.reset)
    print(f"Demo organisation: {result.organization.name} ({result.organization.slug})")
    for plan in result.plans:
        print(f"  plan {plan.pk}: {plan.title}")
    for extra in result.extras:
        print(f"  {extra}")
    for warning in result.warnings:
        print(f"  note: {warning}")
    print(f"Sign in at {settings.SITE_URL}/accounts/login/ as user 'demo' with password 'demo'.")
    return 0


# plans


def cmd_plans(args: argparse.Namespace) -> int:
    _setup_django()
    from django.db.models import Count
    from django.urls import reverse

    from holos.plans.models import Plan

    plans = Plan.objects.select_related("organization").annotate(activity_count=Count("activities")).order_by(
        "organization__name", "id"
    )
    if args.org:
        plans = plans.filter(organization__slug=args.org)
    for plan in plans.iterator(chunk_size=500):
        row = {
            "id": plan.pk,
            "organization": plan.organization.slug,
            "title": plan.title,
            "kind": plan.kind,
            "period": {"start": plan.period_start or None, "end": plan.period_end or None,
                       "granularity": plan.granularity},
            "activities": plan.activity_count,
            "url": reverse("plan", args=[plan.organization.slug, plan.pk]),
        }
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            period = f"{plan.period_start or '?'}…{plan.period_end or '?'}"
            print(f"{plan.pk}\t{plan.organization.slug}\t{plan.kind}\t{period}\t"
                  f"{plan.activity_count}\t{row['url']}\t{plan.title}")
    return 0


# import


def cmd_import(args: argparse.Namespace) -> int:
    from holos.core.importers import UnreadableSource, read_path

    path = Path(args.path)
    if not path.exists():
        raise CommandError(f"no such file: {args.path}", EXIT_USAGE)
    if path.is_dir():
        raise CommandError(f"this is a folder, not a file: {args.path}", EXIT_USAGE)
    if args.save and not args.org:
        raise CommandError("--save needs --org SLUG: the organisation to save the plans in", EXIT_USAGE)
    try:
        document = read_path(path)
    except UnreadableSource as exc:
        raise CommandError(f"cannot read {path.name}: {exc}", EXIT_USAGE) from exc
    saved = []
    if args.save:
        _setup_django()
        from holos.accounts.models import Organization
        from holos.plans.actions import save_document

        organization = Organization.objects.filter(slug=args.org).first()
        if organization is None:
            raise CommandError(f"no organisation with the short name {args.org!r}", EXIT_USAGE)
        saved = save_document(actor=None, organization=organization, document=document, source=path.name)
    if args.json:
        from holos.core.document import dumps

        print(dumps(document))
    else:
        print(f"{path.name}: {len(document.plans)} plan(s), {len(document.warnings)} warning(s)")
        for plan in document.plans:
            print(f"  {plan.kind}: {plan.title} — {len(plan.goals)} goal(s), "
                  f"{len(plan.activities())} activities")
        for warning in document.warnings:
            print(f"  warning ({warning.where}): {warning.message}")
    for plan in saved:
        print(f"saved plan {plan.pk}: {plan.title}", file=sys.stderr)
    return 0


# export

EXPORT_FORMATS = ("docx", "xlsx", "pdf", "json", "csv", "ics")


def cmd_export(args: argparse.Namespace) -> int:
    _setup_django()
    from holos.plans.models import Plan
    from holos.reports.exporting import export_plan_file

    plan = Plan.objects.select_related("organization").filter(pk=args.plan).first()
    if plan is None:
        raise CommandError(f"no plan with id {args.plan}", EXIT_USAGE)
    content, filename = export_plan_file(plan, args.format, language=args.language)
    if args.output in (None, "-"):
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return 0
    target = Path(args.output)
    if target.is_dir():
        target = target / filename
    try:
        target.write_bytes(content)
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc.strerror}", EXIT_USAGE) from exc
    print(f"wrote {target} ({len(content)} bytes)", file=sys.stderr)
    return 0


# surveys


def cmd_surveys(args: argparse.Namespace) -> int:
    _setup_django()
    from holos.surveys.commands import list_surveys

    return list_surveys(json_output=args.json, organization=args.org)


# check


def cmd_check(args: argparse.Namespace) -> int:
    from holos.core.checks import run_checks

    if bool(args.path) == bool(args.plan):
        raise CommandError("give either a file to read or --plan ID, not both", EXIT_USAGE)
    if args.path:
        from holos.core.importers import UnreadableSource, read_path

        path = Path(args.path)
        if not path.is_file():
            raise CommandError(f"no such file: {args.path}", EXIT_USAGE)
        try:
            plans = read_path(path).plans
        except UnreadableSource as exc:
            raise CommandError(f"cannot read {path.name}: {exc}", EXIT_USAGE) from exc
        reports = [(plan.title, run_checks(plan)) for plan in plans]
    else:
        _setup_django()
        from holos.plans.actions import tree_to_document
        from holos.plans.checking import check_tree
        from holos.plans.grid import load_plan_tree
        from holos.plans.models import Plan

        plan = Plan.objects.select_related("organization").filter(pk=args.plan).first()
        if plan is None:
            raise CommandError(f"no plan with id {args.plan}", EXIT_USAGE)
        tree = load_plan_tree(plan)
        reports = [(plan.title, check_tree(tree, tree_to_document(tree)).report)]
    if args.json:
        if len(reports) == 1:
            print(json.dumps(reports[0][1].to_dict(), ensure_ascii=False, indent=2))
        else:
            print(json.dumps({"plans": [{"title": t, **r.to_dict()} for t, r in reports]}, ensure_ascii=False,
                             indent=2))
        return 0
    for title, report in reports:
        counts = report.counts()
        print(f"{title}: {counts['problem']} problem(s), {counts['suggestion']} suggestion(s)")
        for finding in report.findings:
            print(f"  {finding.severity:<10} {finding.code:<24} {finding.where:<10} {finding.text()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="holos", description="Communication plans that work.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    serve = sub.add_parser("serve", help="migrate the database and serve Holos with its task worker")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.add_argument("--no-worker", action="store_true", help="do not start the task worker")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run the task worker alone")
    worker.set_defaults(func=cmd_worker)

    demo = sub.add_parser("demo", help="create the demo organisation, user and plans")
    demo.add_argument("--reset", action="store_true", help="delete the demo organisation first")
    demo.add_argument("--force", action="store_true", help="create the demo even with DEBUG off")
    demo.set_defaults(func=cmd_demo)

    plans = sub.add_parser("plans", help="list plans")
    plans.add_argument("--json", action="store_true", help="one JSON object per line")
    plans.add_argument("--org", help="only this organisation (its short name)")
    plans.set_defaults(func=cmd_plans)

    imp = sub.add_parser("import", help="read a plan document (text) and show or save what it holds")
    imp.add_argument("path")
    imp.add_argument("--json", action="store_true", help="print the holos.plan/1 document")
    imp.add_argument("--org", help="the organisation to save into (its short name)")
    imp.add_argument("--save", action="store_true", help="save the plans found")
    imp.set_defaults(func=cmd_import)

    export = sub.add_parser("export", help="write a plan as a file")
    export.add_argument("--plan", type=int, required=True, help="the id of the plan")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("-o", "--output", help="a file or folder to write (standard output when left out)")
    export.add_argument("--language", choices=("uk", "en", "cs"), default="uk", help="language of headings")
    export.set_defaults(func=cmd_export)

    surveys = sub.add_parser("surveys", help="list surveys with their public addresses and responses")
    surveys.add_argument("--json", action="store_true", help="one JSON object per line")
    surveys.add_argument("--org", help="only this organisation (its short name)")
    surveys.set_defaults(func=cmd_surveys)

    check = sub.add_parser("check", help="read a plan against the method")
    check.add_argument("path", nargs="?", help="a plan document to read and check")
    check.add_argument("--plan", type=int, help="the id of a saved plan")
    check.add_argument("--json", action="store_true", help='print {"findings": [...], "load": {...}}')
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"holos: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``holos plans | head``): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, not a traceback
        from django.db.utils import OperationalError

        if isinstance(exc, OperationalError):
            print(f"holos: the database cannot be used: {exc}", file=sys.stderr)
        else:
            print(f"holos: unexpected error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
