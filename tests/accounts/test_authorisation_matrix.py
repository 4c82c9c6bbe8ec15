"""The authorisation matrix: every URL of the URL conf × every actor × GET and POST.

The URLs come from `django.urls.get_resolver()` (walked, path parameters filled with real
objects of `matrix_world`); the expected answer of each (URL, method) is a RULE below,
and every rule is a function of the role table (`permissions_for`, i.e. the fields of
`sinergi.accounts.roles.Permissions`) and of where the actor stands relative to the
world (all of it in Kab. Bangka, owned by an organisation none of the actors belongs to).

Outcomes: allowed = 2xx/3xx not to the login page (a POST without its fields may also be
a 400: bad input, never a 500); refused = 403 or 404; anonymous = redirect to the login
page; a method the view does not serve = 405. A URL without an entry in EXPECTED fails
the test: a new page must say who may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.accounts.matrix_world import World, build

from sinergi.accounts.roles import Permissions, permissions_for

pytestmark = pytest.mark.django_db

BANGKA = "1901"


# ----------------------------------------------------------------- rules (the role table)


def _in_bangka(p: Permissions) -> bool:
    """The actor's region holds Kab. Bangka (a business owner reaches only their own)."""
    return p.role is not None and not p.is_owner and BANGKA.startswith(p.scope)


def _near_bangka(p: Permissions) -> bool:
    """The actor's region and Kab. Bangka overlap (either holds the other)."""
    return p.role is not None and (BANGKA.startswith(p.scope) or p.scope.startswith(BANGKA))


def _reads_programs_here(p: Permissions) -> bool:
    # Nobody of the owning organisation is an actor: only region reading or a role that
    # manages any program reads the world's programs.
    return p.view_programs and (
        p.manage_any_program or (p.read_programs_in_region and _in_bangka(p))
    )


def _manages_programs_here(p: Permissions) -> bool:
    return p.manage_programs and p.manage_any_program


def _reads_loans_here(p: Permissions) -> bool:
    # A loan or membership year lies where its business is (region readers), or is read
    # through its program.
    return (
        p.view_programs and _in_bangka(p) and (p.read_programs_in_region or _reads_programs_here(p))
    )


RULES: dict[str, Callable[[Permissions], bool]] = {
    "signed_in": lambda p: True,
    "registry_list": lambda p: p.view_registry,
    "registry_read": lambda p: p.view_registry and _in_bangka(p),
    "registry_create": lambda p: p.create_business,
    "field_visit": lambda p: p.create_business and _in_bangka(p),
    "field_update": lambda p: p.create_business and p.edit_business and _in_bangka(p),
    "registry_edit": lambda p: p.edit_business and _in_bangka(p),
    "registry_deactivate": lambda p: p.deactivate_business and _in_bangka(p),
    "registry_reveal": lambda p: p.see_full_pii and _in_bangka(p),
    "registry_merges": lambda p: p.view_registry and p.review_pairs and _in_bangka(p),
    "registry_programs": lambda p: p.view_registry and p.view_programs and _in_bangka(p),
    "duplicates": lambda p: p.create_business or p.edit_business,
    "audit": lambda p: p.view_audit_log,
    "import_any": lambda p: p.import_data,
    "import_here": lambda p: p.import_data and BANGKA.startswith(p.scope),
    "import_reveal_here": lambda p: p.import_data and BANGKA.startswith(p.scope) and p.see_full_pii,
    "review_any": lambda p: p.review_pairs,
    "review_here": lambda p: p.review_pairs and _in_bangka(p),
    "model": lambda p: p.manage_linkage_model,
    "programs_any": lambda p: p.view_programs,
    "programs_create": lambda p: p.manage_programs,
    "program_read": _reads_programs_here,
    "program_manage": _manages_programs_here,
    "loan_read": _reads_loans_here,
    "approve_sharing": lambda p: p.approve_shared_lists,
    "operations": lambda p: p.view_operations,
    # training (issue 12): events and cohorts of the Bangka office, like its programs
    "training_any": lambda p: p.view_training,
    "training_create": lambda p: p.manage_training,
    "training_read": lambda p: (
        p.view_training and (p.manage_any_program or (p.read_programs_in_region and _in_bangka(p)))
    ),
    "training_manage": lambda p: p.manage_training and p.manage_any_program,
    "training_own": lambda p: p.register_own_business,
    "training_business_manage": lambda p: p.manage_training and _in_bangka(p),
    "training_business": lambda p: (p.view_training or p.register_own_business) and _in_bangka(p),
    # catalog
    "catalog_list": lambda p: p.view_registry,
    "catalog_read": lambda p: p.view_registry and _in_bangka(p),
    "catalog_edit": lambda p: p.edit_products and _in_bangka(p),
    "campaigns_any": lambda p: p.view_campaigns or p.report_purchases or p.manage_campaigns,
    "campaigns_create": lambda p: p.manage_campaigns,
    "campaign_read": lambda p: (p.view_campaigns or p.report_purchases) and _near_bangka(p),
    # Nobody of the owning organisation is an actor: only a national operator manages it.
    "campaign_manage": lambda p: p.manage_campaigns and p.manage_any_program,
    "campaign_purchase": lambda p: p.report_purchases and _near_bangka(p),
    # insights (issue 14): region users; a business owner has no region to summarise
    "dashboard": lambda p: p.view_registry and not p.is_owner,
    "market_read": lambda p: p.view_campaigns,
    # the recap of Kab. Bangka: region users whose region holds it
    "recap_here": lambda p: p.view_registry and _in_bangka(p),
    # a background export of the Bangka officer (NIK in full): the same list, same masking
    "export_read": lambda p: p.view_registry and p.see_full_pii and _in_bangka(p),
    # exchange (issue 17): the encoded registry of the actor's region
    "registry_exchange": lambda p: p.exchange_registry,
    # the overlap of an export of Kab. Bangka: read by exchangers whose region overlaps it
    "registry_exchange_near": lambda p: p.exchange_registry and _near_bangka(p),
}
PUBLIC = "public"  # anyone, signed in or not
STAFF = "staff"  # the Django admin site: staff only (no actor here is staff)
NOT_SERVED = 405
NOT_FOUND = "not_found"  # a route that answers 404 to everyone (the API's bare root)


def _obj(key: str, attr: str = "pk") -> Callable[[World], Any]:
    return lambda w: getattr(w.objects[key], attr)


# url name -> (path kwargs from the world, {method: rule}, POST data or None, GET query).
Entry = tuple[dict[str, Callable[[World], Any]], dict[str, Any], dict[str, Any] | None, str]
G, P = "GET", "POST"


def e(kwargs: dict | None = None, *, get: Any = NOT_SERVED, post: Any = NOT_SERVED,
      data: dict | None = None, query: str = "") -> Entry:  # fmt: skip
    return (kwargs or {}, {G: get, P: post}, data, query)


PK = {"pk": _obj("business")}
# An API upload: `files` is sent as a fresh file in a multipart body (`_api_call`).
API_IMPORT = {
    "source": "Pendataan matriks lewat API",
    "organisation": "{owner_org}",
    "files": "Nama Pemilik,Nama Usaha\nSiti,Warung\n",
}
API_BUSINESS = {
    "name": "Warung API",
    "owner": {"full_name": "Siti API"},
    "village_code": "1901011002",
}
EXPECTED: dict[str, Entry] = {
    # public
    "home": e(get=PUBLIC, post=PUBLIC),
    "accounts:login": e(get=PUBLIC, post=PUBLIC),
    "accounts:logout": e(get=PUBLIC, post=PUBLIC),  # GET: 405 for everyone
    "set_language": e(get=PUBLIC, post=PUBLIC, data={"language": "en"}),
    "accounts:password_reset": e(get=PUBLIC, post=PUBLIC),
    "accounts:password_reset_done": e(get=PUBLIC, post=PUBLIC),
    "accounts:password_reset_confirm": e(
        {"uidb64": lambda w: "MQ", "token": lambda w: "x-y"}, get=PUBLIC, post=PUBLIC
    ),
    "accounts:password_reset_complete": e(get=PUBLIC, post=PUBLIC),
    "accounts:password_change": e(get="signed_in", post="signed_in"),
    "accounts:password_change_done": e(get="signed_in"),
    # operations (the world has a worker beat, so /healthz is green: 200 for everyone)
    "ops:healthz": e(get=PUBLIC, post=PUBLIC),  # POST: 405 for everyone
    "ops:metrics": e(get="operations"),
    # registry
    "registry:list": e(get="registry_list", post="registry_list"),  # search by POST
    "registry:create": e(get="registry_create", post="registry_create"),
    "registry:region_options": e(get="registry_list", query="parent=1901"),
    "registry:kbli": e(get=PUBLIC, post=PUBLIC),  # public KBLI reference list
    "registry:detail": e(PK, get="registry_read"),
    # the business page's panels, loaded on demand (each a page of its own too)
    "registry:sources": e(PK, get="registry_read"),
    "registry:history": e(PK, get="registry_read"),
    "registry:merges": e(PK, get="registry_merges"),
    "registry:programs": e(PK, get="registry_programs"),
    "registry:loans": e(PK, get="registry_programs"),
    "registry:edit": e(PK, get="registry_edit", post="registry_edit"),
    "registry:deactivate": e(PK, get="registry_deactivate", post="registry_deactivate"),
    "registry:reactivate": e(PK, post="registry_deactivate"),
    "registry:reveal": e({**PK, "field": lambda w: "nik"}, post="registry_reveal"),
    "audit:log": e(get="audit"),
    # intake
    "intake:list": e(get="import_any"),
    "intake:upload": e(get="import_any", post="import_any"),
    "intake:detail": e({"pk": _obj("batch")}, get="import_here"),
    "intake:mapping": e({"pk": _obj("batch"), "file_pk": _obj("file")}, post="import_here"),
    "intake:start": e({"pk": _obj("batch")}, post="import_here"),
    "intake:cancel": e({"pk": _obj("batch")}, post="import_here"),
    "intake:progress": e({"pk": _obj("batch")}, get="import_here"),
    "intake:problems": e({"pk": _obj("batch")}, get="import_here"),
    "intake:problems_export": e({"pk": _obj("batch")}, get="import_here"),
    "intake:problem_fix": e({"pk": _obj("problem")}, post="import_here"),
    "intake:record": e({"pk": _obj("record")}, get="import_here", post="import_reveal_here"),
    "intake:file_reveal": e(
        {"pk": _obj("batch"), "file_pk": _obj("file")}, post="import_reveal_here"
    ),
    # review
    "review:queue": e(get="review_any"),
    "review:pair": e({"pk": _obj("pair")}, get="review_here", post="review_here"),
    "review:merge": e(
        get="review_here",
        post="review_here",
        query="ids={business}&ids={other}",
        data={"ids": ["{business}", "{other}"]},
    ),
    "review:split": e(PK, get="review_here", post="review_here"),
    "review:operation": e({"pk": _obj("operation")}, get="review_here"),
    "review:undo": e({"pk": _obj("operation")}, post="review_here"),
    "review:duplicates": e(post="duplicates"),  # POST: typed NIKs never in a URL
    "review:model": e(get="model"),
    "review:model_training": e(get="model"),
    "review:model_train": e(post="model"),
    "review:model_thresholds": e(post="model"),
    "review:model_use": e({"version": lambda w: 1}, post="model"),
    # programs
    "programs:list": e(get="programs_any"),
    "programs:create": e(get="programs_create", post="programs_create"),
    "programs:references": e(get="programs_any", post="programs_create"),
    "programs:reference_sharing": e(
        {"pk": _obj("reference")}, post="approve_sharing", data={"action": "approve"}
    ),
    "programs:detail": e({"pk": _obj("program")}, get="program_read", post="program_manage"),
    "programs:edit": e({"pk": _obj("program")}, get="program_manage", post="program_manage"),
    "programs:close": e({"pk": _obj("program")}, post="program_manage"),
    "programs:partners": e({"pk": _obj("program")}, post="program_manage"),
    "programs:cycle": e({"pk": _obj("cycle")}, get="program_read"),
    "programs:nominate": e({"pk": _obj("cycle")}, post="program_manage"),
    "programs:report": e({"pk": _obj("cycle"), "fmt": lambda w: "csv"}, get="program_read"),
    "programs:step": e({"pk": _obj("cycle"), "step": lambda w: "approve"}, post="program_manage"),
    "programs:finding": e({"pk": _obj("finding")}, post="program_manage"),
    "programs:remove": e({"pk": _obj("nomination")}, post="program_manage"),
    "programs:upload_create": e({"pk": _obj("cycle")}, post="program_manage"),
    "programs:upload": e({"pk": _obj("upload")}, get="program_read", post="program_manage"),
    "programs:upload_row": e(
        {"pk": _obj("upload_row")}, post="program_manage", data={"business": "{other}"}
    ),
    # exchange: encoded lists between agencies (issue 17)
    "exchange:cycle": e({"pk": _obj("cycle")}, get="program_read"),
    "exchange:export": e({"pk": _obj("cycle")}, post="program_manage"),
    "exchange:receive": e({"pk": _obj("cycle")}, post="program_manage"),
    "exchange:download": e({"pk": _obj("encoded_export")}, get="program_manage"),
    "exchange:registry": e(get="registry_exchange"),
    "exchange:registry_export": e(post="registry_exchange"),
    "exchange:registry_receive": e(post="registry_exchange"),
    # the world's list was matched against the Bangka office's registry export (Kab. Bangka)
    "exchange:overlap": e({"pk": _obj("registry_overlap")}, get="registry_exchange_near"),
    # loans
    "loans:portfolio": e(get="programs_any"),
    "loans:applications": e(get="programs_any"),
    "loans:decide": e({"pk": _obj("application")}, post="program_manage"),
    "loans:apply": e(
        {"business_pk": _obj("business")}, post="program_manage", data={"program": "{loan}"}
    ),
    "loans:agreement": e({"pk": _obj("agreement")}, get="loan_read"),
    "loans:statement_pdf": e({"pk": _obj("agreement")}, get="loan_read"),
    "loans:act": e({"pk": _obj("agreement"), "verb": lambda w: "repay"}, post="program_manage"),
    "loans:bank_upload": e(
        get="programs_create", post="program_manage", data={"program": "{loan}"}
    ),
    "loans:bank_statement": e({"pk": _obj("statement")}, get="program_manage"),
    "loans:bank_match": e({"pk": _obj("bank_row")}, post="program_manage"),
    # memberships
    "memberships:index": e(get="programs_any"),
    "memberships:program": e({"pk": _obj("membership_program")}, get="program_read"),
    "memberships:renew": e({"pk": _obj("membership_program")}, post="program_manage"),
    "memberships:set_fee": e({"pk": _obj("membership_program")}, post="program_manage"),
    "memberships:enrol": e(
        {"business_pk": _obj("business")},
        post="program_manage",
        data={"program": "{membership_program}", "year": "2025"},
    ),
    "memberships:pay": e({"pk": _obj("period")}, post="program_manage"),
    "memberships:receipt": e({"pk": _obj("period")}, get="loan_read"),
    # training (issue 12)
    "training:index": e(get="training_any"),
    "training:create": e(get="training_create", post="training_create"),
    "training:topic_add": e(post="training_create", data={"name": "Topik matriks"}),
    "training:mine": e(get="training_own"),
    "training:event": e({"pk": _obj("event")}, get="training_read"),
    "training:session_add": e({"pk": _obj("event")}, post="training_manage"),
    "training:partners": e(
        {"pk": _obj("event")}, post="training_manage", data={"organisation": "{partner_org}"}
    ),
    "training:register": e(
        {"pk": _obj("event")}, post="training_manage", data={"business": "{other}"}
    ),
    "training:self_register": e(
        {"pk": _obj("open_event")}, post="training_own", data={"business": "{own}"}
    ),
    "training:invite": e({"pk": _obj("event")}, post="training_manage"),
    "training:upload_list": e({"pk": _obj("event")}, post="training_manage"),
    "training:upload": e({"pk": _obj("list")}, get="training_manage"),
    "training:cancel": e({"pk": _obj("registration")}, post="training_manage"),
    "training:outcome": e({"pk": _obj("registration")}, post="training_manage"),
    "training:attendance_import": e({"pk": _obj("session")}, post="training_manage"),
    "training:attendance": e({"pk": _obj("attendance")}, get="training_read"),
    "training:choose_line": e(
        {"pk": _obj("line")}, post="training_manage", data={"registration": "{registration}"}
    ),
    "training:issue_all": e({"pk": _obj("event")}, post="training_manage"),
    # GET downloads the world's ZIP (built by the worker), POST prepares it again
    "training:certificates_zip": e(
        {"pk": _obj("event")}, get="training_manage", post="training_manage"
    ),
    "training:certificates_zip_status": e({"pk": _obj("event")}, get="training_manage"),
    "training:certificate_pdf": e({"pk": _obj("certificate")}, get="training_manage"),
    "training:certificate_change": e(
        {"pk": _obj("certificate"), "verb": lambda w: "revoke"},
        post="training_manage",
        data={"reason": "salah nama"},
    ),
    "training:verify": e({"code": _obj("certificate", "code")}, get=PUBLIC, post=PUBLIC),
    "training:cohorts": e(get="training_any", post="training_create"),
    "training:cohort": e({"pk": _obj("cohort")}, get="training_read", post="training_manage"),
    "training:contacts": e(
        {"kind": lambda w: "cohort", "pk": _obj("cohort")}, get="training_manage"
    ),
    "training:contacts_export": e(
        {"kind": lambda w: "event", "pk": _obj("event"), "fmt": lambda w: "vcf"},
        get="training_manage",
    ),
    "training:business": e({"business_pk": _obj("business")}, get="training_business"),
    "training:consent": e({"business_pk": _obj("business")}, post="registry_edit"),
    "training:mentoring": e(
        get="training_create",
        post="training_manage",
        data={"mentor": "{mentor}", "business": "{other}"},
    ),
    "training:mentee": e({"pk": _obj("assignment")}, get="training_manage", post="training_manage"),
    "training:problem": e(
        {"pk": _obj("problem_item")}, post="training_manage", data={"status": "solved"}
    ),
    "training:prakerja": e(
        {"business_pk": _obj("business")},
        post="training_business_manage",
        data={"status": "registered", "on": "2024-02-01"},
    ),
    # catalog: staff pages
    "catalog:products": e(get="catalog_list"),
    "catalog:business": e({"business_pk": _obj("business")}, get="catalog_read"),
    "catalog:storefront": e({"business_pk": _obj("business")}, post="catalog_edit"),
    "catalog:product_create": e(
        {"business_pk": _obj("business")}, get="catalog_edit", post="catalog_edit"
    ),
    "catalog:product_edit": e({"pk": _obj("product")}, get="catalog_edit", post="catalog_edit"),
    "catalog:product_delete": e({"pk": _obj("product")}, post="catalog_edit"),
    "catalog:photo_add": e({"pk": _obj("product")}, post="catalog_edit"),
    "catalog:photo_remove": e({"pk": _obj("photo")}, post="catalog_edit"),
    "catalog:campaigns": e(get="campaigns_any", post="campaigns_create"),
    "catalog:campaign": e({"pk": _obj("campaign")}, get="campaign_read"),
    "catalog:campaign_selection": e({"pk": _obj("campaign")}, post="campaign_manage"),
    "catalog:purchase": e({"pk": _obj("campaign")}, post="campaign_purchase"),
    "catalog:funnel": e(get="market_read"),
    "catalog:funnel_target": e(post="campaigns_create"),
    "catalog:first_sale": e({"business_pk": _obj("business")}, post="catalog_edit"),
    "catalog:demand": e(get="market_read"),
    # catalog: the public catalog (no login)
    "katalog:index": e(get=PUBLIC, post=PUBLIC),
    "katalog:flyer": e(get=PUBLIC, post=PUBLIC),
    "katalog:business": e({"pk": _obj("business")}, get=PUBLIC, post=PUBLIC),
    "katalog:business_flyer": e({"pk": _obj("business")}, get=PUBLIC, post=PUBLIC),
    "katalog:product": e({"pk": _obj("product")}, get=PUBLIC, post=PUBLIC),
    "katalog:photo": e({"pk": _obj("photo"), "size": lambda w: "thumb"}, get=PUBLIC, post=PUBLIC),
    # field forms (offline): pages for those who add businesses; the service worker,
    # manifest and offline page are public (they hold no data)
    "field:home": e(get="registry_create"),
    "field:new": e(get="registry_create"),
    "field:visit": e(PK, get="field_visit"),
    "field:update": e(PK, get="field_update"),
    "field:submit": e(post="registry_create"),  # an empty POST: 400, never a 500
    "field:duplicates": e(post="registry_create"),
    "field:session": e(get=PUBLIC, post=PUBLIC),
    "field:offline": e(get=PUBLIC, post=PUBLIC),
    "service_worker": e(get=PUBLIC, post=PUBLIC),
    "manifest": e(get=PUBLIC, post=PUBLIC),
    # insights, open data (issue 14)
    "insights:overview": e(get="dashboard"),
    "insights:map": e(get="dashboard", query="level=district"),
    "insights:chart_download": e(
        {"name": lambda w: "by_size", "fmt": lambda w: "xlsx"}, get="dashboard"
    ),
    "insights:registry_export": e(post="registry_list", data={"fmt": "xlsx"}),
    "insights:recap": e(get="dashboard"),
    "insights:recap_page": e(get="dashboard"),
    "insights:recap_pdf": e(get="recap_here", query="period=2024-Q1&region=1901"),
    "insights:export_list": e(get="registry_list"),
    "insights:export_detail": e({"pk": _obj("export")}, get="export_read"),
    "insights:export_download": e({"pk": _obj("export")}, get="export_read"),
    "open_data:index": e(get=PUBLIC, post=PUBLIC),
    "open_data:csv": e(get=PUBLIC, post=PUBLIC, query="province=19"),
    # the API (issue 14): bearer tokens of the actors (World.tokens), JSON bodies
    "api:api-root": e(get=NOT_FOUND, post=NOT_FOUND),
    "api:openapi-json": e(get=PUBLIC, post=PUBLIC),
    "api:openapi-view": e(get=PUBLIC, post=PUBLIC),
    "api:list_businesses": e(get="registry_list", post="registry_create", data=API_BUSINESS),
    "api:create_business": e(get="registry_list", post="registry_create", data=API_BUSINESS),
    "api:get_business": e(PK, get="registry_read"),
    "api:update_business": e(PK, get="registry_read"),
    "api:get_person": e({"pk": _obj("business", "owner_id")}, get="registry_read"),
    "api:list_programs": e(get="programs_any"),
    "api:list_disbursements": e({"pk": _obj("program")}, get="program_read"),
    "api:match": e(post="registry_list", data={"business_name": "Warung Matriks"}),
    # a multipart upload (see _api_call); the batch of the Bangka office, read and started
    "api:create_import": e(get=NOT_SERVED, post="import_any", data=API_IMPORT),
    "api:get_import": e({"pk": _obj("batch")}, get="import_here"),
    "api:start_import": e({"pk": _obj("batch")}, post="import_here"),
}
# The Django admin site: every page but its login is for staff only.
ADMIN_PUBLIC = {"admin:login", "admin:logout"}
ADMIN_KWARGS = {
    "url": lambda w: "nothing/",
    "id": lambda w: "1",
    "app_label": lambda w: "accounts",
    "object_id": lambda w: "1",
    "content_type_id": lambda w: 1,
}


# ------------------------------------------------------------------------- the URL conf


def url_names() -> list[tuple[str, list[str], str]]:
    """(name with namespace, its path parameter names, its route) for every pattern of the
    URL conf; an unnamed pattern gets the name "<namespace>:?"."""
    found: list[tuple[str, list[str], str]] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, route)
            elif isinstance(p, URLPattern):
                params = list(p.pattern.regex.groupindex)
                found.append((f"{namespace}{p.name or '?'}", params, route))

    walk(get_resolver().url_patterns, "", "")
    return found


def _admin_url(route: str, values: dict[str, Any]) -> str:
    """An admin URL from its route (path converters or regex groups, filled)."""
    import re

    text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), text)
    return "/" + text.replace("^", "").replace("$", "")


def _fill(text: str, w: World) -> str:
    values = {k: getattr(v, "pk", v) for k, v in w.objects.items()}
    values["loan"] = w.agreement.program_id
    return text.format(**values)


def _cases(w: World) -> list[tuple[str, str, str, dict | None, Any]]:
    """(name, url, method, data, rule) for every URL × method; unknown names fail."""
    cases, missing = [], []
    for name, params, route in url_names():
        if name.startswith("admin:"):
            rule = PUBLIC if name in ADMIN_PUBLIC else STAFF
            url = _admin_url(route, {k: ADMIN_KWARGS[k](w) for k in params})
            cases += [(name, url, G, None, rule), (name, url, P, None, rule)]
            continue
        if name not in EXPECTED:
            missing.append(name)
            continue
        kwargs, rules, data, query = EXPECTED[name]
        assert sorted(kwargs) == sorted(params), f"{name}: parameters {params}"
        url = reverse(name, kwargs={k: f(w) for k, f in kwargs.items()})
        if query:
            url += "?" + _fill(query, w)
        filled = {
            k: [_fill(x, w) for x in v]
            if isinstance(v, list)
            else v
            if isinstance(v, dict)  # a JSON object for the API (issue 14)
            else _fill(v, w)
            for k, v in (data or {}).items()
        }
        for method in (G, P):
            cases.append((name, url, method, filled if method == P else None, rules[method]))
    assert not missing, f"new URL without an entry in EXPECTED: {missing}"
    return cases


# ------------------------------------------------------------------------------ the test


def _verdict(response: Any, anonymous: bool) -> str:
    status = response.status_code
    location = response.get("Location", "") if 300 <= status < 400 else ""
    if status >= 500:
        return "error"
    if status in (403, 404):
        return "refused"
    if status == 401:  # the API without a token (issue 14)
        return "login"
    if status == 422:  # the API's "bad input", after authorisation (issue 14)
        return "allowed"
    if status == 405:
        return "405"
    if "/login/" in location:
        return "admin_login" if location.startswith("/admin/") else "login"
    if status < 400 or status == 400:
        return "allowed"
    return f"status {status}"


def _api_call(client: Client, w: World, key: str, url: str, method: str, data: Any) -> Any:
    """The API (issue 14): the actor's bearer token, a JSON body; no token when anonymous."""
    import json

    token = w.tokens.get(key)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    api = Client(raise_request_exception=False)
    if method == G:
        return api.get(url, headers=headers)
    if data and "files" in data:  # a file upload: multipart, a fresh file for every call
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("matriks.csv", data["files"].encode(), "text/csv")
        return api.post(url, {**data, "files": upload}, headers=headers)
    return api.post(url, json.dumps(data or {}), content_type="application/json", headers=headers)


def _broken_title(response: Any) -> str:
    """The page's <title> when it holds markup (a block left open in a template)."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return ""
    page = response.content.decode("utf-8", "replace")
    start, end = page.find("<title>"), page.find("</title>")
    title = page[start + len("<title>") : end] if 0 <= start < end else ""
    return title[:80] if "<" in title else ""


def _expected(rule: Any, perms: Permissions | None, method: str) -> set[str]:
    if rule == PUBLIC:
        return {"allowed", "login", "405"}  # a public page may still send one to log in
    if rule == STAFF:
        return {"admin_login"}
    if rule == NOT_FOUND:
        return {"refused"}
    if perms is None:
        # A method the route does not serve may be refused before authentication (API).
        return {"login", "405"} if rule == NOT_SERVED else {"login"}
    if rule == NOT_SERVED:
        return {"405"}
    return {"allowed"} if RULES[rule](perms) else {"refused"}


@pytest.fixture
def world(reference_data: None, settings: Any, tmp_path: Path) -> World:
    settings.VAR_DIR = tmp_path / "var"
    settings.SINERGI_LINKAGE_CACHE = str(tmp_path / "linkage")
    return build(tmp_path)


def test_every_url_answers_every_actor_as_the_role_table_says(world: World) -> None:
    from django.db import transaction

    cases = _cases(world)
    clients = {}
    for key, user in world.users.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        clients[key] = (client, permissions_for(user) if user is not None else None)
    wrong = []
    for name, url, method, data, rule in cases:
        for key, (client, perms) in clients.items():
            if name.endswith(":logout") and world.users[key] is not None:
                # Logging out must not log the actor's own client out.
                client = Client(raise_request_exception=False)
                client.force_login(world.users[key])
            with transaction.atomic():  # an allowed POST changes nothing for the next one
                if url.startswith("/api/"):
                    response = _api_call(client, world, key, url, method, data)
                elif method == G:
                    response = client.get(url)
                else:
                    response = client.post(url, data or {})
                transaction.set_rollback(True)
            got = _verdict(response, perms is None)
            expected = _expected(rule, perms, method)
            title = _broken_title(response)
            if title:
                wrong.append(f"{method} {url} ({name}) as {key}: markup in <title>: {title}")
            if got not in expected:
                where = response.get("Location", "")
                wrong.append(
                    f"{method} {url} ({name}) as {key}: {got} ({response.status_code} {where}),"
                    f" expected {expected}"
                )
    size = f"{len(cases) // 2} URLs × {len(clients)} actors × 2 methods"
    print(f"authorisation matrix: {size} = {len(cases) * len(clients)} requests")  # noqa: T201
    assert not wrong, f"{len(wrong)} of {len(cases) * len(clients)} ({size}):\n" + "\n".join(wrong)


def test_a_url_without_an_entry_fails_the_matrix(world: World, monkeypatch: Any) -> None:
    """The guard itself: dropping one entry makes the matrix refuse to run."""
    monkeypatch.delitem(EXPECTED, "registry:list")
    with pytest.raises(AssertionError, match="new URL without an entry.*registry:list"):
        _cases(world)
