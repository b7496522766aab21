"""The ``holos`` command: serve, demo, plans, import, export, check, suggest, surveys, posts, subscribers.

Every failure a person can cause (a bad argument, a missing file, an unknown
organisation) ends with one line on stderr and a non-zero exit, never a traceback.

The command speaks the person's language: ``HOLOS_LANGUAGE`` when it is set, otherwise
the locale of the terminal, read the way GNU tools read it. Output meant for scripts
(``--json``, the tab-separated lists, exported files) is the same in every language.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any, NoReturn

from django.apps import apps
from django.utils import translation

from holos.cli_errors import EXIT_USAGE, CommandError

# Where GNU gettext looks for the locale of messages, first set wins.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _(message: str) -> str:
    """``gettext``, or the English message itself while Django is not set up.

    Reading a file (``holos import``, ``holos check FILE``) needs neither settings nor a
    database, so a configuration Django cannot start with must not stop it; it only
    keeps the command in English.
    """
    return translation.gettext(message) if apps.ready else message


def ngettext(singular: str, plural: str, number: int) -> str:
    """``ngettext``, or the English form while Django is not set up (see ``_``)."""
    if apps.ready:
        return translation.ngettext(singular, plural, number)
    return singular if number == 1 else plural


def _translated(template: str, params: Mapping[str, Any], english: str) -> str:
    """A message of the core in the person's language, or in English while Django is not set up."""
    if not apps.ready:
        return english
    from holos.translation import core_message

    return core_message(template, params, english)


def _place(where: str) -> str:
    """A place in a document ("table 2, row 5") in the person's language (see ``_translated``)."""
    if not apps.ready:
        return where
    from holos.translation import place

    return place(where)


def _language_code(name: str) -> str:
    """The language of a locale name: "uk_UA.UTF-8" is "uk", "en-us" is "en", "C" is "en"."""
    name = name.split(".")[0].split("@")[0]
    if name in ("C", "POSIX"):
        return "en"
    return name.replace("-", "_").split("_")[0].lower()


def language_from_environment(environ: Mapping[str, str], available: set[str], default: str) -> str:
    """The language to speak: ``HOLOS_LANGUAGE``, then the locale as GNU tools read it.

    GNU tools try each language of ``LANGUAGE`` (a list separated by colons) in turn and
    then the first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set; they ignore
    ``LANGUAGE`` when that locale is plain "C" or "POSIX", which asks for English. The first
    language Holos has wins; when it has none of them, it speaks its default language.
    """
    locale = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "")
    candidates = [environ.get("HOLOS_LANGUAGE", "")]
    if locale not in ("C", "POSIX"):
        candidates.extend(environ.get("LANGUAGE", "").split(":"))
    candidates.append(locale)
    for candidate in candidates:
        code = _language_code(candidate.strip()) if candidate.strip() else ""
        if code in available:
            return code
    return default


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # argparse's own --help is described in English; this one speaks the person's language.
        super().__init__(*args, **{**kwargs, "add_help": False})
        self.add_argument("-h", "--help", action="help", help=_("show this help and exit"))

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "holos.settings")
    import django

    django.setup()


def _cli_language() -> str | None:
    """The language for this run, or None when Django cannot be set up (see ``_``)."""
    try:
        _setup_django()
    except Exception:  # a command that needs Django reports the failure itself
        return None
    from django.conf import settings

    available = {code for code, _name in settings.LANGUAGES}
    return language_from_environment(os.environ, available, settings.LANGUAGE_CODE)


@contextmanager
def _in_default_language() -> Iterator[None]:
    """Do Holos's own work in its default language, as it does without a terminal.

    Only the command's messages follow the terminal: what it creates or runs (the demo's
    content, saved plans, queued tasks) must not depend on where it was started from.
    """
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        yield


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
        worker = subprocess.Popen([sys.executable, "-m", "holos.cli", "worker"])
    from waitress import create_server

    from holos.wsgi import application

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        try:
            server = create_server(application, host=args.host, port=args.port, threads=args.threads)
        except OSError as exc:
            raise CommandError(_("cannot listen on %(host)s:%(port)s: %(reason)s") % {
                "host": args.host, "port": args.port, "reason": exc.strerror}) from exc
        url = f"http://{args.host}:{args.port}/"
        print(_("Holos is running at %(url)s (press Ctrl+C to stop).") % {"url": url}, flush=True)
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
    from holos.queue import run_worker
    from holos.scheduler import start_scheduler

    with _in_default_language():
        # Every worker runs the scheduler; DailyRun rows make sure each daily job is queued once.
        start_scheduler()
        run_worker(name=args.name)
    return 0


# demo


def cmd_demo(args: argparse.Namespace) -> int:
    _setup_django()
    from django.conf import settings

    if not settings.DEBUG and not args.force:
        raise CommandError(_("the demo creates a user 'demo' with password 'demo'; "
                             "run it with DEBUG=1, or add --force if you mean it"))
    _migrate()
    from holos.demo.build import build_demo

    with _in_default_language():
        result = build_demo(reset=args.reset)
    print(_("Demo organisation: %(name)s (%(slug)s)") % {
        "name": result.organization.name, "slug": result.organization.slug})
    for plan in result.plans:
        print("  " + _("plan %(id)s: %(title)s") % {"id": plan.pk, "title": plan.title})
    for extra in result.extras:
        print("  " + _translated(extra.template, extra.params, str(extra)))
    for warning in result.warnings:
        print("  " + _("note: %(note)s") % {"note": _translated(warning.template, warning.params, str(warning))})
    print(_("Sign in at %(url)s as user 'demo' with password 'demo'.") % {
        "url": f"{settings.SITE_URL}/accounts/login/"})
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
    # The list is for scripts (one row per line, tab-separated), so it is not translated.
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


def _kind_name(kind: str) -> str:
    """A plan's kind as the pages name it ("campaign plan"), or its code without Django."""
    if not apps.ready:
        return kind
    from holos.plans.models import PlanKind

    return str(PlanKind(kind).label) if kind in PlanKind.values else kind


def _unreadable(name: str, exc: Exception) -> CommandError:
    reason = _translated(getattr(exc, "template", ""), getattr(exc, "params", {}), str(exc))
    return CommandError(_("cannot read %(name)s: %(reason)s") % {"name": name, "reason": reason}, EXIT_USAGE)


def _read_sandboxed(path: Path):
    """Read a document in a child process held to the limits of the settings, as the web import reads."""
    _setup_django()
    from django.conf import settings

    from holos.core.importers.sandbox import read_sandboxed
    from holos.imports.actions import process_limits

    return read_sandboxed(path, max_bytes=settings.HOLOS_IMPORT_MAX_BYTES, limits=process_limits())


def cmd_import(args: argparse.Namespace) -> int:
    from holos.core.importers import UnreadableSource

    path = Path(args.path)
    if not path.exists():
        raise CommandError(_("no such file: %(path)s") % {"path": args.path}, EXIT_USAGE)
    if path.is_dir():
        raise CommandError(_("this is a folder, not a file: %(path)s") % {"path": args.path}, EXIT_USAGE)
    if args.save and not args.org:
        raise CommandError(_("--save needs --org SLUG: the organisation to save the plans in"), EXIT_USAGE)
    try:
        document = _read_sandboxed(path)
    except UnreadableSource as exc:
        raise _unreadable(path.name, exc) from exc
    saved = []
    if args.save:
        from holos.accounts.models import Organization
        from holos.plans.actions import save_document

        organization = Organization.objects.filter(slug=args.org).first()
        if organization is None:
            raise CommandError(_("no organisation with the short name “%(slug)s”") % {"slug": args.org}, EXIT_USAGE)
        with _in_default_language():
            saved = save_document(actor=None, organization=organization, document=document, source=path.name)
    if args.json:
        from holos.core.document import dumps

        print(dumps(document))
    else:
        print(_("%(name)s: %(plans)s, %(warnings)s") % {
            "name": path.name,
            "plans": ngettext("%(n)s plan", "%(n)s plans", len(document.plans)) % {"n": len(document.plans)},
            "warnings": ngettext("%(n)s warning", "%(n)s warnings", len(document.warnings)) % {
                "n": len(document.warnings)},
        })
        for plan in document.plans:
            goals, activities = len(plan.goals), len(plan.activities())
            print("  " + _("%(kind)s: %(title)s — %(goals)s, %(activities)s") % {
                "kind": _kind_name(plan.kind),
                "title": plan.title,
                "goals": ngettext("%(n)s goal", "%(n)s goals", goals) % {"n": goals},
                "activities": ngettext("%(n)s activity", "%(n)s activities", activities) % {"n": activities},
            })
        for warning in document.warnings:
            print("  " + _("warning (%(where)s): %(message)s") % {
                "where": _place(warning.where),
                "message": _translated(warning.template, warning.params, warning.message)})
    for plan in saved:
        print(_("saved plan %(id)s: %(title)s") % {"id": plan.pk, "title": plan.title}, file=sys.stderr)
    return 0


# export


def cmd_export(args: argparse.Namespace) -> int:
    _setup_django()
    from holos.plans.exporting import export_plan_file
    from holos.plans.models import Plan

    plan = Plan.objects.select_related("organization").filter(pk=args.plan).first()
    if plan is None:
        raise CommandError(_("no plan with id %(id)s") % {"id": args.plan}, EXIT_USAGE)
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
        raise CommandError(_("cannot write %(path)s: %(reason)s") % {"path": target, "reason": exc.strerror},
                           EXIT_USAGE) from exc
    print(ngettext("wrote %(path)s (%(size)s byte)", "wrote %(path)s (%(size)s bytes)", len(content)) % {
        "path": target, "size": len(content)}, file=sys.stderr)
    return 0


# surveys


def cmd_surveys(args: argparse.Namespace) -> int:
    _setup_django()
    from holos.surveys.commands import list_surveys

    return list_surveys(json_output=args.json, organization=args.org)


# mail


def cmd_mail(args: argparse.Namespace) -> int:
    _setup_django()
    from holos.outbox.actions import deliver_due
    from holos.outbox.models import MessageStatus, OutgoingMessage

    if args.retry:
        done = deliver_due(everything=True)
        print(_("%(sent)s sent, %(failed)s not sent (they wait for the next try)") % done)
    counts = {status: OutgoingMessage.objects.filter(status=status).count()
              for status in (MessageStatus.WAITING, MessageStatus.GIVEN_UP)}
    if args.json:
        print(json.dumps({"waiting": counts[MessageStatus.WAITING], "given_up": counts[MessageStatus.GIVEN_UP]}))
    else:
        print(_("%(waiting)s message(s) waiting to be sent, %(given_up)s given up") % {
            "waiting": counts[MessageStatus.WAITING], "given_up": counts[MessageStatus.GIVEN_UP]})
    return 1 if args.retry and counts[MessageStatus.WAITING] else 0


# unlock


def cmd_unlock(args: argparse.Namespace) -> int:
    if not args.user and not args.address:
        raise CommandError(_("give --user NAME or --address ADDRESS (or both)"), EXIT_USAGE)
    _setup_django()
    from holos.accounts.actions import lift_lockout

    cleared = lift_lockout(actor=None, organization=None, username=args.user or "", address=args.address or "")
    print(ngettext("%(n)s record of wrong passwords cleared", "%(n)s records of wrong passwords cleared",
                   cleared) % {"n": cleared})
    return 0


# publishing


def cmd_posts(args: argparse.Namespace) -> int:
    _setup_django()
    from holos.publishing.commands import list_posts

    return list_posts(json_output=args.json, organization=args.org)


def cmd_subscribers(args: argparse.Namespace) -> int:
    _setup_django()
    from holos.publishing.commands import list_subscribers

    return list_subscribers(json_output=args.json, organization=args.org)


# backup and restore


def _backup_error(exc: Exception) -> CommandError:
    from holos.backup import BackupError

    if isinstance(exc, BackupError):
        return CommandError(_(exc.template) % exc.params if exc.params else _(exc.template), EXIT_USAGE)
    return CommandError(str(exc), EXIT_USAGE)


def cmd_backup(args: argparse.Namespace) -> int:
    target = Path(args.file)
    if target.is_dir():
        raise CommandError(_("this is a folder, not a file: %(path)s") % {"path": args.file}, EXIT_USAGE)
    if not target.parent.is_dir():
        raise CommandError(_("no such folder: %(path)s") % {"path": str(target.parent)}, EXIT_USAGE)
    _setup_django()
    from holos.backup import BackupError, backup

    try:
        summary = backup(target)
    except BackupError as exc:
        raise _backup_error(exc) from exc
    print(_("wrote %(path)s: %(rows)s in %(tables)s, %(files)s") % {
        "path": target,
        "rows": ngettext("%(n)s row", "%(n)s rows", summary.rows) % {"n": summary.rows},
        "tables": ngettext("%(n)s table", "%(n)s tables", len(summary.tables)) % {"n": len(summary.tables)},
        "files": ngettext("%(n)s file", "%(n)s files", summary.files) % {"n": summary.files},
    }, file=sys.stderr)
    for name in summary.missing_files:
        print(_("warning: the file %(name)s is named in the database but missing from the storage") % {
            "name": name}, file=sys.stderr)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise CommandError(_("no such file: %(path)s") % {"path": args.file}, EXIT_USAGE)
    _setup_django()
    from holos.backup import BackupError, restore

    try:
        summary = restore(source)
    except BackupError as exc:
        raise _backup_error(exc) from exc
    print(_("restored %(path)s: %(rows)s in %(tables)s, %(files)s") % {
        "path": source,
        "rows": ngettext("%(n)s row", "%(n)s rows", summary.rows) % {"n": summary.rows},
        "tables": ngettext("%(n)s table", "%(n)s tables", len(summary.tables)) % {"n": len(summary.tables)},
        "files": ngettext("%(n)s file", "%(n)s files", summary.files) % {"n": summary.files},
    }, file=sys.stderr)
    return 0
# programmes


def cmd_programmes(args: argparse.Namespace) -> int:
    _setup_django()
    from holos.programmes.commands import list_programmes

    return list_programmes(json_output=args.json)


# token


def cmd_token(args: argparse.Namespace) -> int:
    _setup_django()
    from holos.api import commands

    if args.action == "create":
        if not args.user or not (args.org or args.programme) or (args.org and args.programme):
            raise CommandError(_("token create needs --user and either --org or --programme"), EXIT_USAGE)
        with _in_default_language():
            return commands.create(username=args.user, organization=args.org, programme=args.programme,
                                   scope=args.scope, name=args.name, days=args.days)
    if args.action == "revoke":
        if args.id is None:
            raise CommandError(_("token revoke needs the id of the token"), EXIT_USAGE)
        return commands.revoke(token_id=args.id)
    return commands.list_tokens(json_output=args.json, organization=args.org, username=args.user,
                                programme=args.programme)


# check


def cmd_check(args: argparse.Namespace) -> int:
    from holos.core.checks import PROBLEM, run_checks

    if bool(args.path) == bool(args.plan):
        raise CommandError(_("give either a file to read or --plan ID, not both"), EXIT_USAGE)
    if args.path:
        from holos.core.importers import UnreadableSource

        path = Path(args.path)
        if not path.is_file():
            raise CommandError(_("no such file: %(path)s") % {"path": args.path}, EXIT_USAGE)
        try:
            plans = _read_sandboxed(path).plans
        except UnreadableSource as exc:
            raise _unreadable(path.name, exc) from exc
        reports = [(plan.title, run_checks(plan)) for plan in plans]
    else:
        _setup_django()
        from holos.plans.actions import tree_to_document
        from holos.plans.checking import check_tree
        from holos.plans.grid import load_plan_tree
        from holos.plans.models import Plan

        plan = Plan.objects.select_related("organization").filter(pk=args.plan).first()
        if plan is None:
            raise CommandError(_("no plan with id %(id)s") % {"id": args.plan}, EXIT_USAGE)
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
        print(_("%(title)s: %(problems)s, %(suggestions)s") % {
            "title": title,
            "problems": ngettext("%(n)s problem", "%(n)s problems", counts["problem"]) % {"n": counts["problem"]},
            "suggestions": ngettext("%(n)s suggestion", "%(n)s suggestions", counts["suggestion"]) % {
                "n": counts["suggestion"]},
        })
        for finding in report.findings:
            severity = _("Problem") if finding.severity == PROBLEM else _("Suggestion")
            message = _translated(finding.message, finding.params, finding.text())
            print(f"  {severity:<10} {finding.code:<24} {finding.where:<10} {message}")
    return 0


# suggest


def cmd_suggest(args: argparse.Namespace) -> int:
    """For each finding of the checks on a saved plan, the activities and changes that answer it, with reasons."""
    _setup_django()
    from holos.builder.sources import engine_inputs
    from holos.builder.wording import level_name, mend_text, reason_text
    from holos.core.checks import PROBLEM
    from holos.core.suggest.engine import suggest
    from holos.plans.actions import tree_to_document
    from holos.plans.grid import load_plan_tree
    from holos.plans.models import Plan

    plan = Plan.objects.select_related("organization").filter(pk=args.plan).first()
    if plan is None:
        raise CommandError(_("no plan with id %(id)s") % {"id": args.plan}, EXIT_USAGE)
    tree = load_plan_tree(plan)
    levels = [a.level or None for a in tree.activities()]
    suggestions = suggest(tree_to_document(tree), levels=levels, **engine_inputs(plan.organization))
    if args.json:
        print(json.dumps({"plan": plan.pk, "title": plan.title, **suggestions.to_dict()}, ensure_ascii=False,
                         indent=2))
        return 0
    answered = [gap for gap in suggestions.gaps if gap.proposals or gap.mends]
    print(_("%(title)s: %(findings)s, %(activities)s, %(changes)s") % {
        "title": plan.title,
        "findings": ngettext("%(n)s finding", "%(n)s findings", len(suggestions.gaps)) % {"n": len(suggestions.gaps)},
        "activities": ngettext("%(n)s activity proposed", "%(n)s activities proposed", len(suggestions.proposals))
        % {"n": len(suggestions.proposals)},
        "changes": ngettext("%(n)s change proposed", "%(n)s changes proposed", len(suggestions.mends))
        % {"n": len(suggestions.mends)},
    })
    for gap in answered:
        finding = gap.finding
        severity = _("Problem") if finding.severity == PROBLEM else _("Suggestion")
        print(f"{severity}: {_translated(finding.message, finding.params, finding.text())}")
        for index in gap.proposals:
            proposal = suggestions.proposals[index]
            print(f"  + {proposal.title} ({level_name(proposal.level)})")
            print("    " + _("for %(audiences)s, through %(channels)s; %(unit)s; %(when)s") % {
                "audiences": "; ".join(proposal.audiences), "channels": "; ".join(proposal.channels),
                "unit": ", ".join(proposal.responsible), "when": proposal.schedule.text})
            for reason in proposal.reasons:
                print(f"    - {reason_text(reason)}")
        for index in gap.mends:
            mend = suggestions.mends[index]
            print(f"  ~ {mend_text(finding.place.title, mend)}")
            for reason in mend.reasons:
                print(f"    - {reason_text(reason)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from holos.exports import PLAN_FILES

    parser = _Parser(prog="holos", description=_("Communication plans that work."))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    serve = sub.add_parser("serve", help=_("migrate the database and serve Holos with its task worker"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.add_argument("--no-worker", action="store_true", help=_("do not start the task worker"))
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help=_("run the task worker alone"))
    worker.add_argument("--name", help=_("the worker's name in logs and in the queue (unique by default)"))
    worker.set_defaults(func=cmd_worker)

    demo = sub.add_parser("demo", help=_("create the demo organisation, user and plans"))
    demo.add_argument("--reset", action="store_true", help=_("delete the demo organisation first"))
    demo.add_argument("--force", action="store_true", help=_("create the demo even with DEBUG off"))
    demo.set_defaults(func=cmd_demo)

    plans = sub.add_parser("plans", help=_("list plans"))
    plans.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    plans.add_argument("--org", help=_("only this organisation (its short name)"))
    plans.set_defaults(func=cmd_plans)

    imp = sub.add_parser("import", help=_("read a plan document (text) and show or save what it holds"))
    imp.add_argument("path")
    imp.add_argument("--json", action="store_true", help=_("print the holos.plan/1 document"))
    imp.add_argument("--org", help=_("the organisation to save into (its short name)"))
    imp.add_argument("--save", action="store_true", help=_("save the plans found"))
    imp.set_defaults(func=cmd_import)

    export = sub.add_parser("export", help=_("write a plan as a file"))
    export.add_argument("--plan", type=int, required=True, help=_("the id of the plan"))
    export.add_argument("--format", choices=PLAN_FILES, required=True)
    export.add_argument("-o", "--output", help=_("a file or folder to write (standard output when left out)"))
    export.add_argument("--language", choices=("uk", "en", "cs"), default="uk", help=_("language of headings"))
    export.set_defaults(func=cmd_export)

    surveys = sub.add_parser("surveys", help=_("list surveys with their public addresses and responses"))
    surveys.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    surveys.add_argument("--org", help=_("only this organisation (its short name)"))
    surveys.set_defaults(func=cmd_surveys)

    mail = sub.add_parser("mail", help=_("count the reminders and digests not delivered yet"))
    mail.add_argument("--retry", action="store_true", help=_("send every undelivered message now, given up ones too"))
    mail.add_argument("--json", action="store_true", help=_('print {"waiting": N, "given_up": N}'))
    mail.set_defaults(func=cmd_mail)

    unlock = sub.add_parser("unlock", help=_("let an account or an address sign in again after a lockout"))
    unlock.add_argument("--user", help=_("the account's user name"))
    unlock.add_argument("--address", help=_("the IP address"))
    unlock.set_defaults(func=cmd_unlock)

    posts = sub.add_parser("posts", help=_("list posts with their status, channels and deliveries"))
    posts.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    posts.add_argument("--org", help=_("only this organisation (its short name)"))
    posts.set_defaults(func=cmd_posts)

    subscribers = sub.add_parser("subscribers", help=_("count an organisation's newsletter subscribers by topic"))
    subscribers.add_argument("--org", required=True, help=_("the organisation (its short name)"))
    subscribers.add_argument("--json", action="store_true", help=_("one JSON object"))
    subscribers.set_defaults(func=cmd_subscribers)

    backup = sub.add_parser("backup", help=_("write the database and the uploaded files to one archive"))
    backup.add_argument("file", help=_("the archive to write (.tar.gz)"))
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help=_("load an archive into an empty database and the file storage"))
    restore.add_argument("file", help=_("an archive written by holos backup"))
    restore.set_defaults(func=cmd_restore)
    programmes = sub.add_parser("programmes", help=_("list programmes with their organisations, shared plans and "
                                                     "templates"))
    programmes.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    programmes.set_defaults(func=cmd_programmes)

    token = sub.add_parser("token", help=_("make, list or revoke personal access tokens of the API"))
    token.add_argument("action", choices=("create", "list", "revoke"))
    token.add_argument("id", nargs="?", type=int, help=_("the id of the token to revoke"))
    token.add_argument("--user", help=_("the user the token acts for (their user name)"))
    token.add_argument("--org", help=_("the organisation (its short name)"))
    token.add_argument("--programme", help=_("the programme (its short name), instead of an organisation"))
    token.add_argument("--scope", choices=("read", "write"), default="read", help=_("read, or read and write"))
    token.add_argument("--name", default="holos token", help=_("what the token is for"))
    token.add_argument("--days", type=int, help=_("how many days the token lives"))
    token.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    token.set_defaults(func=cmd_token)

    check = sub.add_parser("check", help=_("read a plan against the method"))
    check.add_argument("path", nargs="?", help=_("a plan document to read and check"))
    check.add_argument("--plan", type=int, help=_("the id of a saved plan"))
    check.add_argument("--json", action="store_true", help=_('print {"findings": [...], "load": {...}}'))
    check.set_defaults(func=cmd_check)

    suggest = sub.add_parser("suggest", help=_("propose activities and changes for what the checks find in a plan"))
    suggest.add_argument("--plan", type=int, required=True, help=_("the id of a saved plan"))
    suggest.add_argument("--json", action="store_true", help=_("print the findings with their proposals as JSON"))
    suggest.set_defaults(func=cmd_suggest)
    return parser


def main(argv: list[str] | None = None) -> int:
    language = _cli_language()
    # The language is given back when the command ends, so a caller in the same process
    # (the tests, a shell) keeps its own.
    with translation.override(language) if language else nullcontext():
        parser = build_parser()
        args = parser.parse_args(argv)
        return _run(args)


def _run(args: argparse.Namespace) -> int:
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
    except Exception as exc:  # the last guard: one line, not a traceback
        from django.db.utils import OperationalError

        if isinstance(exc, OperationalError):
            message = _("the database cannot be used: %(reason)s") % {"reason": exc}
        else:
            message = _("unexpected error: %(kind)s: %(reason)s") % {"kind": exc.__class__.__name__, "reason": exc}
        print(f"holos: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
