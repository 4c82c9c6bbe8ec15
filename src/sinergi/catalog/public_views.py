"""The public catalog: no login, small pages, only what owners consented to publish.

Every read starts from `Product.objects.for_catalog()` (published product, active
business, `Storefront.published`) or `Storefront.objects.published()`. The templates of
this module receive a `PublicBusiness` — a value holding only publishable fields — never
a `Business` or `Person`, so no template edit can print a NIK or the owner's phone.
Pages are cacheable for a few minutes; photos for a day.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from sinergi.catalog import public_cache
from sinergi.catalog.flyers import MAX_PRODUCTS, PAPERS, flyer_pdf
from sinergi.catalog.forms import CatalogFilterForm
from sinergi.catalog.models import Campaign, Photo, Product, ProductView, Storefront
from sinergi.regions.models import Region

PAGE_SIZE = 12  # a cheap phone on a slow network: a dozen cards, thumbnails lazy-loaded
# Counting every match of "kopi" among a million products costs more than the page: the
# count stops here ("1000+ products"), and so do the pages (nobody pages past 80).
COUNT_CAP = 1000
# A search the planner expects to match this many products is not counted (`capped_count`).
ESTIMATE_FLOOR = 10 * COUNT_CAP
REGIONS_CACHE_SECONDS = 600


def capped_count(qs: object, *, estimate: bool = False) -> int:
    """The number of matches up to COUNT_CAP + 1. Without ORDER BY and without any join
    (`for_catalog`), the database stops after COUNT_CAP + 1 rows instead of sorting or
    counting every match.

    With `estimate`, a search the planner expects to match at least ESTIMATE_FLOOR
    products (ten times the cap) is not counted at all: it is "more than 1,000" as soon
    as one match exists. Counting even 1,001 matches of a common word means building
    the GIN bitmap of all its 45,000 matches and reading 1,000 table pages: most of a
    search's database time at 1 M products (docs/benchmarks.md, session 6). The shown
    figure is then bounded, not exact: only a planner estimate off by ten times would
    show "more than 1,000" for fewer."""
    if estimate and (qs.estimated_count() or 0) >= ESTIMATE_FLOOR:
        return COUNT_CAP + 1 if qs.order_by().exists() else 0
    return qs.order_by()[: COUNT_CAP + 1].count()


class CappedPaginator(Paginator):
    def __init__(self, *args: object, known_count: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if known_count is not None:
            self.__dict__["count"] = known_count  # already counted by `filtered_counted`

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list, estimate=True)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


@dataclass(frozen=True)
class PublicBusiness:
    """What a public page may say about a business (see module docstring)."""

    pk: int
    name: str
    tagline: str
    region: str
    address: str
    shop_phone: str
    sector: str

    @classmethod
    def of(cls, front: Storefront) -> PublicBusiness:
        business = front.business
        village = business.village
        region = ""
        if village is not None:
            district = village.parent
            regency = district.parent if district else None
            region = ", ".join(x.name for x in (village, district, regency) if x is not None)
        return cls(
            pk=business.pk,
            name=business.name,
            tagline=front.tagline,
            region=region,
            address=business.address if front.show_address else "",
            shop_phone=front.shop_phone,
            sector=str(business.sector.title) if business.sector_id else "",
        )


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _regions() -> list[tuple[str, str]]:
    """Regencies that have something in the public catalog (a short list, not 514);
    cached: a DISTINCT over every product is not a per-request query."""

    def compute() -> list[tuple[str, str]]:
        codes = Product.objects.for_catalog().order_by().values_list("regency_code", flat=True)
        return list(
            Region.objects.filter(code__in=list(codes.distinct()))
            .order_by("name")
            .values_list("code", "name")
        )

    return cache.get_or_set("catalog:regions", compute, REGIONS_CACHE_SECONDS)


def filtered(params: dict) -> tuple[CatalogFilterForm, object, Campaign | None]:
    """The public catalog's queryset for these GET parameters, newest first (flyers
    use it too). Words first; when no product holds them, the text as a fragment."""
    form, qs, campaign, _ = filtered_counted(params)
    return form, qs, campaign


def filtered_counted(
    params: dict,
) -> tuple[CatalogFilterForm, object, Campaign | None, int | None]:
    """`filtered`, with the capped count of the matches when it was needed to choose
    between words and fragment (the page then does not count again)."""
    form = CatalogFilterForm(params, regions=_regions())
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    qs = Product.objects.for_catalog()
    if data.get("region"):
        qs = qs.filter(regency_code=data["region"])
    if data.get("category"):
        qs = qs.filter(category=data["category"])
    if data.get("certification"):
        # A certificate without an expiry date counts as valid; an expired one does not.
        valid = Q(certifications__expires_on__isnull=True) | Q(
            certifications__expires_on__gte=timezone.localdate()
        )
        qs = qs.filter(valid, certifications__kind=data["certification"]).distinct()
    campaign = None
    if data.get("campaign"):
        campaign = Campaign.objects.filter(pk=data["campaign"]).first()
        if campaign is not None:
            qs = qs.filter(business__in=campaign.entries.values("business_id"))
    count = None
    if data.get("q"):
        # The capped count the page shows decides too: no whole-word match, the fragment.
        words = qs.search(data["q"])
        count = capped_count(words, estimate=True)
        if count:
            qs = words.newest()
        else:
            # A fragment's estimate is a guess (LIKE '%...%'): counted, never estimated.
            qs = qs.search_partial(data["q"])
            count = capped_count(qs)
            if count > COUNT_CAP:
                # A common fragment ("ripik": 45,000 matches): sorting every match by
                # recency took 0.5-1.5 s; walking the newest products and testing each
                # finds a page of them after a few hundred rows.
                qs = qs.newest()
    else:
        qs = qs.newest()
    return form, qs, campaign, count


def cards(qs: object) -> object:
    return qs.select_related("business", "sector").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.only("id", "product_id", "position")),
    )


@require_GET
@cache_control(public=True, max_age=120)
def index(request: HttpRequest) -> HttpResponse:
    def render_page(extra: dict) -> str:
        form, qs, campaign, count = filtered_counted(request.GET)
        paginator = CappedPaginator(cards(qs), PAGE_SIZE, known_count=count)
        page = paginator.get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {"form": form, "page": page, "campaign": campaign,
                   "query": query.urlencode(),
                   "canonical": _absolute(request, reverse("katalog:index")), **extra}  # fmt: skip
        return render_to_string("catalog/public/index.html", context, request)

    return HttpResponse(public_cache.page(request, render_page))


def _storefront(pk: int) -> Storefront:
    return get_object_or_404(
        Storefront.objects.published().select_related(
            "business__village__parent__parent", "business__sector"
        ),
        business_id=pk,
    )


@require_GET
@cache_control(public=True, max_age=300)
def business(request: HttpRequest, pk: int) -> HttpResponse:
    front = _storefront(pk)
    products = cards(
        Product.objects.for_catalog().filter(business_id=pk).order_by("name")
    ).prefetch_related("certifications", "links")
    shop = PublicBusiness.of(front)
    first_photo = next((p.photos.all()[0] for p in products if p.photos.all()), None)
    return render(
        request,
        "catalog/public/business.html",
        {
            "shop": shop,
            "products": products,
            "today": timezone.localdate(),
            "canonical": _absolute(request, reverse("katalog:business", args=[pk])),
            "og_image": _absolute(request, reverse("katalog:photo", args=[first_photo.pk, "thumb"]))
            if first_photo
            else "",
        },
    )


@require_GET
@cache_control(public=True, max_age=300)
def product(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        cards(Product.objects.for_catalog()).prefetch_related("certifications", "links"), pk=pk
    )
    front = _storefront(item.business_id)
    _count_view(item)
    photos = list(item.photos.all())
    return render(
        request,
        "catalog/public/product.html",
        {
            "item": item,
            "shop": PublicBusiness.of(front),
            "photos": photos,
            "today": timezone.localdate(),
            "canonical": _absolute(request, reverse("katalog:product", args=[pk])),
            "og_image": _absolute(request, reverse("katalog:photo", args=[photos[0].pk, "image"]))
            if photos
            else "",
        },
    )


def _count_view(item: Product) -> None:
    """One row per product per day, counted up in the database (no read-modify-write)."""
    day = timezone.localdate()
    updated = ProductView.objects.filter(product=item, day=day).update(views=F("views") + 1)
    if not updated:
        ProductView.objects.get_or_create(product=item, day=day, defaults={"views": 1})


@require_GET
def photo(request: HttpRequest, pk: int, size: str) -> HttpResponse:
    """A photo of a public product (or of a product the signed-in user may see)."""
    if size not in ("image", "thumb"):
        raise Http404
    # Only the size asked for is read from the database.
    stored = Photo.objects.filter(pk=pk).defer("thumb" if size == "image" else "image").first()
    if stored is None:
        raise Http404
    public = Product.objects.for_catalog().filter(pk=stored.product_id).exists()
    if not public:
        visible = Product.objects.visible_to(request.user).filter(pk=stored.product_id).exists()
        if not visible:
            raise Http404
    response = HttpResponse(bytes(getattr(stored, size)), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def _paper(request: HttpRequest) -> str:
    paper = request.GET.get("paper", "a4")
    return paper if paper in PAPERS else "a4"


def _flyer_products(qs: object) -> list[Product]:
    return list(
        qs.select_related("business__village__parent__parent", "sector").prefetch_related(
            "photos", "certifications"
        )[:MAX_PRODUCTS]
    )


@require_GET
def business_flyer(request: HttpRequest, pk: int) -> HttpResponse:
    front = _storefront(pk)
    products = _flyer_products(
        Product.objects.for_catalog().filter(business_id=pk).order_by("name")
    )
    shop = PublicBusiness.of(front)
    pdf = flyer_pdf(
        products,
        title=shop.name,
        subtitle=" · ".join(x for x in (shop.tagline, shop.region, shop.shop_phone) if x),
        paper=_paper(request),
        url_of=lambda p: _absolute(request, reverse("katalog:product", args=[p.pk])),
    )
    return _pdf(pdf, f"flyer-{pk}.pdf")


@require_GET
def flyer(request: HttpRequest) -> HttpResponse:
    """A collection, chosen with the catalog's own filters (?region=1901&title=...)."""
    form, qs, campaign = filtered(request.GET)
    products = _flyer_products(qs.order_by("business__name", "name"))
    title = request.GET.get("title", "").strip()[:120]
    if not title:
        title = campaign.name if campaign else "Produk UMKM"
    region = form.cleaned_data.get("region") if hasattr(form, "cleaned_data") else ""
    subtitle = dict(form.fields["region"].choices).get(region, "") if region else ""
    pdf = flyer_pdf(
        products,
        title=title,
        subtitle=str(subtitle),
        paper=_paper(request),
        url_of=lambda p: _absolute(request, reverse("katalog:product", args=[p.pk])),
    )
    return _pdf(pdf, "flyer.pdf")
