from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holos.accounts import actions, throttling
from holos.accounts.access import get_membership
from holos.accounts.forms import InviteForm, MemberForm, OrganizationSettingsForm, PersonalSettingsForm, SignUpForm
from holos.accounts.models import Invitation, Membership
from holos.navigation import remember_organizations
from holos.pages import form_status
from holos.plans.models import Unit


@login_required
def home(request):
    """The organisations and programmes of the signed-in user; straight to the only organisation if there is
    one (its programmes page leads to the programmes the person works in), or else to the only programme."""
    from holos.programmes.models import ProgrammeMember

    memberships = list(Membership.objects.filter(user=request.user).select_related("organization")
                       .order_by("organization__name"))
    remember_organizations(request, memberships)
    programmes = list(ProgrammeMember.objects.filter(user=request.user).select_related("programme"))
    if len(memberships) == 1:
        return redirect("organization", memberships[0].organization.slug)
    if len(programmes) == 1 and not memberships:
        return redirect("programme", programmes[0].programme.slug)
    return render(request, "accounts/home.html", {"memberships": memberships, "programmes": programmes})


@require_POST
def set_language(request):
    """Switch the interface language and remember it for the signed-in user."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_next_here(request, request.POST.get("next")))
    if _remember_language(response, language) and request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


def choose_language(request, language):
    """Switch the language by following a link, as the menu of pages without a sign-in does.

    Those pages (the public survey and its thank-you page, the residents' pages, the
    sign-in) then hold no form and need no CSRF token for their language menu, and a
    link works in any browser. The choice is remembered in the same cookie as the
    signed-in menu's; a link changes nothing stored, so an account's language stays.
    """
    response = HttpResponseRedirect(_next_here(request, request.GET.get("next")))
    _remember_language(response, language)
    return response


def _next_here(request, next_url: str | None) -> str:
    """Where to go back to: the page given if it is on this site, else the start."""
    next_url = next_url or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return "/"
    return next_url


def _remember_language(response, language: str) -> bool:
    """Keep a language Holos speaks in the language cookie of the response; whether it was one."""
    if language not in dict(settings.LANGUAGES) or not check_for_language(language):
        return False
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600,
                        samesite="Lax", secure=settings.SESSION_COOKIE_SECURE, httponly=True)
    return True


def members(request, slug):
    membership = get_membership(request, slug, admin=True)
    organization = membership.organization
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.invite(actor=request.user, organization=organization, **form.cleaned_data)
        messages.success(request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("members", slug)
    rows = list(
        Membership.objects.filter(organization=organization).select_related("user").order_by("user__username")
    )
    unit_names: dict[int, list[str]] = {}
    for unit in Unit.objects.filter(organization=organization).prefetch_related("members"):
        for user in unit.members.all():
            unit_names.setdefault(user.pk, []).append(unit.name)
    for row in rows:
        row.unit_names = unit_names.get(row.user_id, [])
    invitations = Invitation.objects.filter(organization=organization).pending()
    return render(request, "accounts/members.html", {
        "membership": membership, "rows": rows, "form": form, "invitations": invitations,
    }, status=form_status(form))


def member_lockouts(request, slug):
    """Accounts of members, and addresses their names were tried from, locked out after wrong passwords."""
    membership = get_membership(request, slug, admin=True)
    organization = membership.organization
    lockouts = throttling.lockouts_for(organization)
    if request.method == "POST":
        username, address = request.POST.get("username", ""), request.POST.get("address", "")
        if any((username and lockout.username == username) or (address and lockout.address == address)
               for lockout in lockouts):
            actions.lift_lockout(actor=request.user, organization=organization, username=username, address=address)
            messages.success(request, _("The lockout was lifted."))
        else:
            messages.error(request, _("That lockout has already ended."))
        return redirect("member_lockouts", slug)
    return render(request, "accounts/lockouts.html", {"membership": membership, "lockouts": lockouts})


def member_edit(request, slug, pk):
    membership = get_membership(request, slug, admin=True)
    organization = membership.organization
    target = Membership.objects.select_related("user").filter(pk=pk, organization=organization).first()
    if target is None:
        raise Http404
    units = Unit.objects.filter(organization=organization)
    current_units = list(target.user.units.filter(organization=organization))
    form = MemberForm(request.POST or None, units_queryset=units,
                      initial={"role": target.role, "units": current_units})
    if request.method == "POST":
        if "remove" in request.POST:
            if target.pk == membership.pk:
                messages.error(request, _("You cannot remove yourself."))
                return redirect("members", slug)
            actions.remove_member(actor=request.user, membership=target)
            messages.success(request, _("The member was removed."))
            return redirect("members", slug)
        if form.is_valid():
            if target.pk == membership.pk and form.cleaned_data["role"] != membership.role:
                form.add_error("role", _("Ask another administrator to change your own role."))
            else:
                if form.cleaned_data["role"] != target.role:
                    actions.change_role(actor=request.user, membership=target, role=form.cleaned_data["role"])
                actions.set_member_units(actor=request.user, membership=target, units=list(form.cleaned_data["units"]))
                messages.success(request, _("Saved."))
                return redirect("members", slug)
    return render(request, "accounts/member_form.html",
                  {"membership": membership, "target": target, "form": form},
                  status=form_status(form))


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, with requests counted per address and per address asked for."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "")[:254]
        limited = throttling.too_many(request, "reset", email, per_address=settings.HOLOS_RESET_LIMIT,
                                      per_account=settings.HOLOS_RESET_LIMIT, window=3600)
        if limited:
            throttling.audit_once("account.reset_limit", seconds=3600, organizations=[],
                                  after={"address": throttling.client_ip(request)} if limited == "address"
                                  else {"email": email})
            return render(request, "registration/too_many.html", status=429)
        return super().post(request, *args, **kwargs)


def invitation(request, token):
    found = Invitation.objects.filter(token=token[:64]).select_related("organization").first()
    counted = request.method == "POST" or found is None  # sign-ups, and guesses at links
    limited = counted and throttling.too_many(request, "invitation", token[:64],
                                              per_address=settings.HOLOS_INVITATION_LIMIT,
                                              per_account=settings.HOLOS_INVITATION_LIMIT, window=3600)
    if limited:
        throttling.audit_once("invitation.limit", seconds=3600, organizations=[found.organization] if found else [],
                              after={"address": throttling.client_ip(request)} if limited == "address" or not found
                              else {"email": found.email})
        return render(request, "registration/too_many.html", status=429)
    invitation = Invitation.objects.pending().select_related("organization").filter(token=token).first()
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                actions.accept_invitation(invitation=invitation, user=request.user)
            except actions.InvitationUsed:
                return render(request, "accounts/invitation_invalid.html", status=409)
            return redirect("organization", invitation.organization.slug)
        return render(request, "accounts/invitation.html", {"invitation": invitation})
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.language = request.LANGUAGE_CODE or ""
        try:
            actions.sign_up_by_invitation(invitation=invitation, user=user)
        except actions.InvitationUsed:
            return render(request, "accounts/invitation_invalid.html", status=409)
        except IntegrityError:  # the same name was taken a moment ago
            form.add_error("username", _("A user with that username already exists."))
            return render(request, "accounts/invitation.html", {"invitation": invitation, "form": form}, status=422)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("organization", invitation.organization.slug)
    return render(request, "accounts/invitation.html", {"invitation": invitation, "form": form},
                  status=form_status(form))




def organization_settings(request, slug):
    """Every member reads how the checks run here; administrators change it."""
    from holos.core.checks import ANY, CHECKS, CODES, GROUP_LABELS, KIND_LABELS
    from holos.plans.checking import DEFAULT_MONTH_THRESHOLD, DEFAULT_SHARE_THRESHOLD, fit_table

    membership = get_membership(request, slug, admin=request.method == "POST")
    organization = membership.organization
    current = organization.check_settings or {}
    fit = fit_table(organization).to_dict()
    checks = [(code, _(CHECKS[code].title)) for code in CODES]
    groups = [(group, _(label)) for group, label in GROUP_LABELS.items()]
    kinds = [(ANY, _("any channel")), *[(kind, _(label)) for kind, label in KIND_LABELS.items()]]
    disabled = set(current.get("disabled") or [])
    initial = {
        "name": organization.name,
        "time_zone": organization.time_zone,
        "unit_month_threshold": current.get("unit_month_threshold") or DEFAULT_MONTH_THRESHOLD,
        "unit_share_percent": round(100 * float(current.get("unit_share_threshold") or DEFAULT_SHARE_THRESHOLD)),
        "enabled": [code for code in CODES if code not in disabled],
        **{f"fit_{group}": fit.get(group, []) for group, _label in groups},
    }
    form = OrganizationSettingsForm(request.POST or None, initial=initial, checks=checks, groups=groups, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.update_organization_settings(
            actor=request.user,
            organization=organization,
            name=data["name"],
            time_zone=data["time_zone"],
            check_settings={
                "unit_month_threshold": data["unit_month_threshold"],
                "unit_share_threshold": data["unit_share_percent"] / 100,
                "disabled": [code for code in CODES if code not in data["enabled"]],
                "fit": {group: sorted(data[f"fit_{group}"]) for group, _label in groups},
            },
        )
        messages.success(request, _("Saved."))
        return redirect("organization_settings", slug)
    return render(request, "accounts/organization_settings.html",
                  {"membership": membership, "form": form, "can_change": membership.is_admin},
                  status=form_status(form))


@login_required
def my_settings(request):
    """A person's own choices: reminders by email and the interface language."""
    form = PersonalSettingsForm(request.POST or None, initial={"email_reminders": request.user.email_reminders,
                                                               "email": request.user.email})
    if request.method == "POST" and form.is_valid():
        actions.update_personal_settings(user=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("my_settings")
    return render(request, "accounts/my_settings.html", {"form": form},
                  status=form_status(form))
