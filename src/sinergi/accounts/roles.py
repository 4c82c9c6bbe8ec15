"""Roles and what each may do: THE one table of permissions.

Which rows a user reaches is decided by one value, `sinergi.accounts.scope.Scope` (the
user's region subtree, organisation and these permissions), built once per request by
`scope_for(user)`. This module says which *actions* a role may take; `Scope` says *where*.
`sinergi.programs.permissions` and `sinergi.loans.permissions` only read the fields
below; no other module decides who may act.

| role | registry | programs, cycles, ledger, loans, memberships | intake, review, model | reason |
|---|---|---|---|---|
| system admin | view, add, edit, deactivate; full NIK/phone; audit log | read all; manage any (national operator, every act audited); approve shared reference lists | import, review pairs; linkage model | runs the installation for the ministry |
| province officer | view, add, edit, deactivate; full NIK/phone | read programs in the province; manage own organisation's (or granted) programs | import, review pairs | verifies businesses of the province; money belongs to the office that runs it |
| regency officer | view, add, edit, deactivate; full NIK/phone | read programs in the regency; manage own organisation's (or granted) programs | import, review pairs | as province, one regency |
| field assistant | view, add, edit; full NIK/phone | — (proposes through officers) | — | collects data in the field, decides nothing |
| program manager | view (masked) | read and manage own organisation's (or granted) programs only | — | a state company or chamber runs its own programs, not the region's |
| auditor | view (masked); audit log | read all (read only) | — | checks the trail nationally, changes nothing |
| business owner | own businesses: view, edit; own NIK/phone | — | — | sees only their own |

Catalog (products, campaigns): products are edited by anyone who may edit their business
(owner, or officer/field assistant in scope); campaigns are managed by officers of the
campaign's organisation inside their region (system admin: any), read by officers,
field assistants and auditors in region; purchases are reported by any staff role but
never by a business owner. The public catalog needs no login.

*Manage programs* (`manage_programs`) covers every write on programs and what is built on
them: create and edit a program, close it, open and cancel cycles, nominate, submit,
resolve findings, verify, approve, disburse and reverse; loan applications, agreements,
repayments, bank statements; membership plans, years and payments; reference lists. It
is always asked of ONE program (`programs.permissions.may_manage(user, program)`): the
actor must belong to the program's organisation or to an organisation the owner granted
partnership on it (`programs.ProgramPartner`, added and removed by the owner's managers,
audited) — except a system admin (`manage_any_program`). Region officers read programs
whose region scope lies inside their own region (`read_programs_in_region`); program
managers read only their own organisation's and granted programs.

*Import* (`import_data`) uploads files and runs imports; *review pairs* (`review_pairs`)
decides pairs, merges, splits and undoes — both inside the user's region only, and a merge
or undo only when EVERY business it touches lies inside it.

*Model* (`manage_linkage_model`): training, thresholds and rollback of the linkage model.
There is one model for the whole installation (duplicates cross province borders: people
move, and a province's model trained on its own pairs would drift from the others), so it
is national: system admin only, not every province officer.

*Shared reference lists* (`approve_shared_lists`): a manager uploading a list may ask to
share it with every organisation (it then screens everyone's cycles and exposes NIKs of
another agency to them); it is shared only once someone of another role approves it — a
system admin who is not the requester — and either may withdraw it. Audited.

*Training* (`view_training`, `manage_training`; app `sinergi.training`, issue 12): events,
sessions, registrations, attendance, outcomes, certificates, cohorts, mentoring and
contact lists. Managing is always asked of ONE event or cohort, as for programs: the
actor's organisation owns it or (events) was made a partner of it; a system admin
manages any (`manage_any_program`). Readers are the program readers (region readers see
the events whose region lies in their own). A business owner registers their own
business for an open event (`register_own_business`). Contact lists and WhatsApp links
show full phone numbers only of owners who consented, and only to managers of the event
or cohort (the purpose the owner consented to).

Privacy choice (UU 27/2022 PDP, least privilege): full NIK and phone numbers are shown
to roles that verify or contact owners in the field — system admin, province and regency
officers, field assistants — and to a business owner for their own record. Program
managers and auditors see masked values: programs will get their own contact lists with
their own purpose, and auditors check the trail (who looked at what), not the people.
"""

# ruff: noqa: E501  (the role table above is one row per role, as it reads best)
from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    REGENCY_OFFICER = "regency_officer", _("Regency/city officer")
    FIELD_ASSISTANT = "field_assistant", _("Field assistant (pendamping)")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    AUDITOR = "auditor", _("Auditor")
    BUSINESS_OWNER = "business_owner", _("Business owner")


OFFICERS = {Role.SYSTEM_ADMIN, Role.PROVINCE_OFFICER, Role.REGENCY_OFFICER}
EDITORS = OFFICERS | {Role.FIELD_ASSISTANT}
FULL_PII = EDITORS | {Role.BUSINESS_OWNER}
AUDIT_READERS = {Role.SYSTEM_ADMIN, Role.AUDITOR}
# One linkage model serves the whole installation: a national role trains, tunes and rolls
# it back (the review app's model page).
MODEL_MANAGERS = {Role.SYSTEM_ADMIN}
PROGRAM_MANAGERS = OFFICERS | {Role.PROGRAM_MANAGER}
PROGRAM_READERS = PROGRAM_MANAGERS | {Role.AUDITOR}
# Roles that read the programs lying in their region, whoever owns them.
REGION_PROGRAM_READERS = OFFICERS | {Role.AUDITOR}
IMPORTERS = OFFICERS
REVIEWERS = OFFICERS
NATIONAL_OPERATORS = {Role.SYSTEM_ADMIN}
# --- training (issue 12): events, cohorts, mentoring -------------------------------------
TRAINING_MANAGERS = PROGRAM_MANAGERS
TRAINING_READERS = PROGRAM_READERS
SELF_REGISTERING = {Role.BUSINESS_OWNER}
# --- end training ------------------------------------------------------------------------

# --- catalog (products, public catalog, flyers, buy-local campaigns) -----------------
# Products are edited by whoever may edit the business (its owner, or an editor in whose
# region it lies). Campaigns are run by region officers of the organisation that owns
# the campaign (a system admin for any); purchases are reported by signed-in staff
# buyers (civil servants), never by a business owner (that would be self-dealing).
CATALOG_EDITORS = EDITORS | {Role.BUSINESS_OWNER}
CAMPAIGN_MANAGERS = OFFICERS
CAMPAIGN_READERS = OFFICERS | {Role.AUDITOR, Role.FIELD_ASSISTANT}
PURCHASE_REPORTERS = set(Role) - {Role.BUSINESS_OWNER}
# --- end catalog ----------------------------------------------------------------------

# --- exchange (issue 17): the registry of one's region, encoded, to and from other agencies.
# An encoded copy of the registry discloses (in keyed form) every business of the region to
# another agency: it is made by the officers who import into and verify the registry of
# their region (the importers: system admin, province and regency officers), who are its
# controllers under UU 27/2022. Not field assistants (they collect, decide nothing), not
# program managers or auditors (they see the registry masked, so may not hand it on).
REGISTRY_EXCHANGERS = IMPORTERS
# --- end exchange ---------------------------------------------------------------------


@dataclass(frozen=True)
class Permissions:
    """What one user may do. `scope` is a region-code prefix ('' = all of Indonesia)."""

    role: str | None
    scope: str
    view_registry: bool = False
    create_business: bool = False
    edit_business: bool = False
    deactivate_business: bool = False
    see_full_pii: bool = False
    view_audit_log: bool = False
    manage_linkage_model: bool = False
    view_programs: bool = False
    manage_programs: bool = False
    read_programs_in_region: bool = False
    manage_any_program: bool = False
    approve_shared_lists: bool = False
    import_data: bool = False
    review_pairs: bool = False
    # --- ops (issue 16): the job metrics page (/ops/metrics/). /healthz is public: a load
    # balancer asks it, and it shows only ok/fail per check.
    view_operations: bool = False
    # training (issue 12)
    view_training: bool = False
    manage_training: bool = False
    register_own_business: bool = False
    # catalog
    edit_products: bool = False
    manage_campaigns: bool = False
    view_campaigns: bool = False
    report_purchases: bool = False
    # exchange (issue 17): export the region's registry encoded, match another agency's list
    exchange_registry: bool = False

    @property
    def is_owner(self) -> bool:
        return self.role == Role.BUSINESS_OWNER


NOBODY = Permissions(role=None, scope="")


def permissions_of_role(role: str | None, scope: str) -> Permissions:
    if role is None or role not in Role.values:
        return NOBODY
    return Permissions(
        role=role,
        scope=scope,
        view_registry=True,
        create_business=role in EDITORS,
        edit_business=role in EDITORS or role == Role.BUSINESS_OWNER,
        deactivate_business=role in OFFICERS,
        see_full_pii=role in FULL_PII,
        view_audit_log=role in AUDIT_READERS,
        manage_linkage_model=role in MODEL_MANAGERS,
        view_programs=role in PROGRAM_READERS,
        manage_programs=role in PROGRAM_MANAGERS,
        read_programs_in_region=role in REGION_PROGRAM_READERS,
        manage_any_program=role in NATIONAL_OPERATORS,
        approve_shared_lists=role in NATIONAL_OPERATORS,
        import_data=role in IMPORTERS,
        review_pairs=role in REVIEWERS,
        view_operations=role in NATIONAL_OPERATORS,
        # training (issue 12)
        view_training=role in TRAINING_READERS,
        manage_training=role in TRAINING_MANAGERS,
        register_own_business=role in SELF_REGISTERING,
        # catalog
        edit_products=role in CATALOG_EDITORS,
        manage_campaigns=role in CAMPAIGN_MANAGERS,
        view_campaigns=role in CAMPAIGN_READERS,
        report_purchases=role in PURCHASE_REPORTERS,
        # exchange (issue 17)
        exchange_registry=role in REGISTRY_EXCHANGERS,
    )


def permissions_for(user: object) -> Permissions:
    """Permissions of a request's user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return NOBODY
    cached = getattr(user, "_sinergi_permissions", None)
    if cached is not None:
        return cached
    from sinergi.accounts.models import Membership

    if hasattr(user, "_sinergi_membership"):  # read with the user (API tokens), maybe None
        membership = user._sinergi_membership
    else:
        # With its organisation: every page's user menu names it (one query less a page).
        membership = Membership.objects.filter(user=user).select_related("organisation").first()
    if membership is not None:
        user.membership = membership  # reverse one-to-one cache: `user.membership` is read next
        perms = permissions_of_role(membership.role, membership.scope_id or "")
        if membership.scope_id is None and membership.role not in {
            Role.SYSTEM_ADMIN,
            Role.AUDITOR,
            Role.PROGRAM_MANAGER,
            Role.BUSINESS_OWNER,
        }:
            # A regional role without a region would see the whole country: refuse.
            perms = NOBODY
    elif getattr(user, "is_superuser", False):
        perms = permissions_of_role(Role.SYSTEM_ADMIN, "")
    else:
        perms = NOBODY
    user._sinergi_permissions = perms
    return perms
