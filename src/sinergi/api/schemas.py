"""Request and response shapes of the API (no logic)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class Error(Schema):
    detail: str | list | dict


class PersonOut(Schema):
    id: int
    full_name: str
    nik: str = Field(description="Masked (3201********0001) unless the token's role sees NIKs")
    phone: str
    email: str
    masked: bool


class BusinessOut(Schema):
    id: int
    name: str
    owner: PersonOut
    address: str
    village_code: str
    district_code: str
    regency_code: str
    province_code: str
    sector: str | None
    size_class: str
    nib: str
    status: str
    covid_affected: bool | None
    updated_at: dt.datetime


class BusinessPage(Schema):
    next_after: int | None = Field(description="Pass as `after` for the next page")
    items: list[BusinessOut]


class OwnerIn(Schema):
    full_name: str = Field(max_length=200)
    nik: str = ""
    phone: str = ""
    email: str = ""


class BusinessIn(Schema):
    name: str = Field(max_length=200)
    owner: OwnerIn
    village_code: str = Field(pattern=r"^\d{10}$", description="10-digit Kemendagri village code")
    address: str = ""
    sector: str = Field("", pattern=r"^(\d{5})?$", description="KBLI 2020 five-digit code")
    capital: int | None = None
    yearly_sales: int | None = None
    nib: str = ""


class BusinessPatch(Schema):
    name: str | None = None
    address: str | None = None
    sector: str | None = None
    capital: int | None = None
    yearly_sales: int | None = None
    nib: str | None = None


class ProgramOut(Schema):
    id: int
    name: str
    kind: str
    organisation: str
    region_scope: str
    budget_idr: int
    status: str


class DisbursementOut(Schema):
    id: int
    program_id: int
    business_id: int
    amount_idr: int
    created_at: dt.datetime | None = None


class MatchIn(Schema):
    owner_name: str = ""
    business_name: str = ""
    nik: str = ""
    phone: str = ""
    nib: str = ""
    address: str = ""
    regency: str = ""
    only_certain: bool = False


class FieldReason(Schema):
    field: str = Field(description="the model's comparison (owner_name, business_name, nik, ...)")
    level: str = Field(description="the comparison level the pair reached, e.g. exact match")
    gamma: int = Field(description="Splink's level number: -1 no value on one side, 0 else")
    match_weight: float | None = Field(
        description="log2(m/u) of the level in the current model; null when a side is empty"
    )
    bayes_factor: float | None = Field(description="m/u = 2 ** match_weight")


class Candidate(Schema):
    business_id: int
    name: str
    probability: float | None
    grade: str = Field(description="certain | probable | possible")
    matched_by: str = Field(description="nik | model")
    match_weight: float | None = Field(
        description="prior weight + the fields' weights (the model without term-frequency "
        "adjustment; `probability` is the linking run's, which may include it)"
    )
    fields: list[FieldReason]
    reasons: list[str]


class MatchOut(Schema):
    candidates: list[Candidate]
    model_version: int


class ImportFileOut(Schema):
    name: str
    rows_total: int
    mapping: dict[str, str] = Field(description="column header -> recognised field")


class ImportOut(Schema):
    id: int
    status: str = Field(
        description="reading | unreadable | draft | queued | running | done | failed | cancelled"
    )
    source: str
    label: str
    percent: int = Field(description="rows read of rows_total, 0-100")
    rows_total: int
    rows_read: int
    rows_valid: int
    rows_with_problems: int
    rows_out_of_scope: int
    rows_linked: int
    duplicate_of: int | None = Field(
        description="an earlier import of the same file: start with confirm_duplicate=true"
    )
    error: str
    files: list[ImportFileOut]
    created_at: dt.datetime
    finished_at: dt.datetime | None
