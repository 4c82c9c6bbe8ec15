"""A field assistant on a phone (chromium at 360×740) with a connection that comes and goes.

Type a new business, lose the connection, reload: the draft is there. Finish it offline,
come back online: it is sent once and the server holds exactly one business. Lose the
answer in the middle of a send (the server saved it, the phone never heard), send again:
still exactly one. Log out keeping the drafts: the next user on the same browser sees
none of them; the first user finds them again. Screenshots go to test-results/<test>/
(the user guide uses them).
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.browser import MARKS, SERVER, TIMEOUT_MS, chromium, click_and_wait, log_in

pytestmark = MARKS

PHONE = {"width": 360, "height": 740}
# A lost answer: the request reaches the server, which saves the form and answers; the
# phone reads the whole answer and then behaves as if the connection broke.
LOSE_ANSWERS = """
const realFetch = window.fetch;
window.fetch = function (url, options) {
  const sent = realFetch.apply(this, arguments);
  if (String(url).includes('/field/submit/') && localStorage.getItem('e2e-lose-answer')) {
    return sent.then(r => r.text()).then(() => { throw new TypeError('connection lost'); });
  }
  return sent;
};
"""


def _fill_owner_and_name(page: Any, name: str, nik: str) -> None:
    page.fill("#id_owner-full_name", "Rahmat Hidayat")
    page.fill("#id_owner-nik", nik)
    page.fill("#id_business-name", name)


def _fill_place(page: Any) -> None:
    page.select_option("#id_business-regency", "1901")
    page.select_option("#id_business-district", "190101")
    page.select_option("#id_business-village", "1901011002")
    page.fill("#id_business-address", "Jl. Jend. Sudirman No. 5")
    # The sector is searched on the phone (the KBLI list kept by the service worker, so
    # this works offline too): a word offers its codes, the chosen code shows its title.
    page.fill("#id_business-sector", "eceran kopi")
    page.wait_for_function(
        """() => [...document.querySelectorAll('#id_business-sector-list option')]
                   .some(o => o.value === "47243")"""
    )
    page.fill("#id_business-sector", "56102")
    page.wait_for_function(
        "() => document.querySelector('.kbli-title[data-for=id_business-sector-list]')"
        ".textContent.length > 0"
    )


def _wait_for_draft(page: Any, name: str) -> None:
    """The draft of this form holds `name` in IndexedDB (read by the page itself)."""
    page.wait_for_function(
        """name => new Promise(done => {
            const id = new URLSearchParams(location.search).get('draft');
            const user = document.querySelector('meta[name="sinergi-user"]').content;
            const store = idbKeyval.createStore('sinergi-field-user-' + user, 'items');
            idbKeyval.get(id, store).then(item => done(!!item && item.title === name));
        })""",
        arg=name,
    )


def _ready_offline(page: Any) -> None:
    """The service worker controls the page and keeps both field pages."""
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    page.wait_for_function(
        """() => caches.open('sinergi-pages').then(c => Promise.all(
              ['/field/', '/field/new/'].map(p => c.match(p))).then(r => r.every(Boolean)))"""
    )


def _log_out(page: Any) -> None:
    """Open the user menu and press "Log out" once the server has answered everything.

    The duplicate warning (htmx, on `change`) and the worker keeping the field pages may
    still be answered for this session; logging out under them would end the session
    those requests are saving.
    """
    _ready_offline(page)
    SERVER.wait_until_answered()
    page.click("details.user-menu summary")
    page.click("form[action$='/accounts/logout/'] button")


def _outbox_empty(page: Any) -> None:
    page.wait_for_function("document.body.dataset.outbox === '0'")


@pytest.mark.django_db(transaction=True)
def test_a_draft_survives_offline_is_sent_once_and_stays_with_its_user(
    live_server, assistant_bangka, officer_bangka, output_dir, monkeypatch
):
    from playwright.sync_api import expect

    from sinergi.field.models import Submission
    from sinergi.registry.models import Business

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with chromium() as browser:
        context = browser.new_context(viewport=PHONE, locale="id-ID")
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.add_init_script(LOSE_ANSWERS)
        page = context.new_page()
        log_in(page, base, "pendamping.bangka")

        # Online once: the worker installs, the form page is kept.
        page.goto(f"{base}/field/")
        page.goto(f"{base}/field/new/")
        _ready_offline(page)
        _fill_owner_and_name(page, "Kopi Tiam Pak Rahmat", "1901010101800003")
        _wait_for_draft(page, "Kopi Tiam Pak Rahmat")
        page.screenshot(path=str(output_dir / "1-draft.png"), full_page=True)

        # The connection drops; the reloaded form still holds what was typed.
        context.set_offline(True)
        page.reload()
        expect(page.locator("#offline-banner")).to_be_visible()
        expect(page.locator("#id_business-name")).to_have_value("Kopi Tiam Pak Rahmat")
        expect(page.locator("#id_owner-nik")).to_have_value("1901010101800003")
        page.screenshot(path=str(output_dir / "2-offline-reloaded.png"), full_page=True)

        # A page the phone does not keep says plainly that there is no connection.
        form_url = page.url
        page.goto(f"{base}/registry/")
        expect(page.locator("[data-testid=offline-page]")).to_be_visible()
        page.goto(form_url)
        expect(page.locator("#id_business-name")).to_have_value("Kopi Tiam Pak Rahmat")

        # Finished offline: it waits in the outbox.
        _fill_place(page)
        click_and_wait(page, "#finish")
        expect(page.locator("#outbox li[data-state=queued]")).to_have_count(1)
        expect(page.locator("#outbox")).to_contain_text("Kopi Tiam Pak Rahmat")
        page.screenshot(path=str(output_dir / "3-outbox-offline.png"), full_page=True)
        assert not Business.objects.filter(name="Kopi Tiam Pak Rahmat").exists()

        # The connection returns: sent by itself, confirmed, gone from the phone.
        context.set_offline(False)
        _outbox_empty(page)
        expect(page.locator("#sent")).to_contain_text("Kopi Tiam Pak Rahmat")
        page.screenshot(path=str(output_dir / "4-sent.png"), full_page=True)
        assert Business.objects.filter(name="Kopi Tiam Pak Rahmat").count() == 1

        # The answer is lost in the middle of a send: the server saved it, the phone
        # never heard. The form stays in the outbox and "Kirim sekarang" sends it again.
        page.evaluate("localStorage.setItem('e2e-lose-answer', '1')")
        page.goto(f"{base}/field/new/")
        _fill_owner_and_name(page, "Toko Kelontong Makmur", "1901010101800004")
        _fill_place(page)
        _wait_for_draft(page, "Toko Kelontong Makmur")
        click_and_wait(page, "#finish")
        page.wait_for_function(
            """() => document.body.dataset.outbox === '1'
                 && document.getElementById('outbox-status').textContent.length > 0"""
        )
        assert Business.objects.filter(name="Toko Kelontong Makmur").count() == 1
        page.evaluate("localStorage.removeItem('e2e-lose-answer')")
        page.click("#send-now")
        _outbox_empty(page)
        expect(page.locator("#sent")).to_contain_text("Toko Kelontong Makmur")
        assert Business.objects.filter(name="Toko Kelontong Makmur").count() == 1
        assert Submission.objects.filter(user=assistant_bangka).count() == 2

        # A draft left on the phone, then logout: keep it.
        page.goto(f"{base}/field/new/")
        _fill_owner_and_name(page, "Draf Rahasia Pendamping", "1901010101800005")
        _wait_for_draft(page, "Draf Rahasia Pendamping")
        page.goto(f"{base}/field/")
        expect(page.locator("#drafts")).to_contain_text("Draf Rahasia Pendamping")
        _log_out(page)
        expect(page.locator("#logout-dialog")).to_be_visible()
        page.screenshot(path=str(output_dir / "5-logout-keep-or-discard.png"), full_page=True)
        click_and_wait(page, "#logout-dialog [data-choice=keep]")

        # Another user on the same browser sees none of it, online or offline.
        log_in(page, base, "officer.bangka")
        page.goto(f"{base}/field/")
        expect(page.locator("#drafts li.empty-item")).to_have_count(1)
        expect(page.locator("main")).not_to_contain_text("Draf Rahasia Pendamping")
        expect(page.locator("#outbox li[data-item]")).to_have_count(0)

        # The first user, back, finds the draft again.
        with page.expect_navigation():
            _log_out(page)
        log_in(page, base, "pendamping.bangka")
        page.goto(f"{base}/field/")
        expect(page.locator("#drafts")).to_contain_text("Draf Rahasia Pendamping")
        page.screenshot(path=str(output_dir / "6-drafts-back.png"), full_page=True)
        _ready_offline(page)
        context.close()


@pytest.mark.django_db(transaction=True)
def test_an_update_typed_offline_is_applied_once_when_the_connection_returns(
    live_server, assistant_bangka, make_business, output_dir, monkeypatch
):
    from playwright.sync_api import expect

    from sinergi.audit.models import Action, AuditEvent
    from sinergi.field.models import Submission

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    item = make_business("1901011002", name="Warung Lama", sector_id="56102")
    base = live_server.url
    with chromium() as browser:
        context = browser.new_context(viewport=PHONE, locale="id-ID")
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        page = context.new_page()
        log_in(page, base, "pendamping.bangka")
        page.goto(f"{base}/registry/{item.pk}/")
        link = page.locator(f"a[href='/field/update/{item.pk}/']")
        expect(link).to_have_count(1)
        page.goto(base + link.get_attribute("href"))
        _ready_offline(page)
        page.wait_for_function(
            f"() => caches.open('sinergi-pages').then(c => c.match('/field/update/{item.pk}/'))"
        )

        # Offline: the kept form opens, the change is a draft, then waits in the outbox.
        context.set_offline(True)
        page.reload()
        expect(page.locator("#offline-banner")).to_be_visible()
        page.fill("#id_business-name", "Warung Baru Sungailiat")
        page.fill("#id_business-address", "Jl. Jend. Sudirman No. 7")
        page.wait_for_function(
            """() => new Promise(done => {
                const id = new URLSearchParams(location.search).get('draft');
                const user = document.querySelector('meta[name="sinergi-user"]').content;
                const store = idbKeyval.createStore('sinergi-field-user-' + user, 'items');
                idbKeyval.get(id, store).then(i => done(!!i
                    && i.data['business-address'] === 'Jl. Jend. Sudirman No. 7'));
            })"""
        )
        click_and_wait(page, "#finish")
        expect(page.locator("#outbox li[data-state=queued]")).to_have_count(1)
        page.screenshot(path=str(output_dir / "7-update-outbox-offline.png"), full_page=True)
        item.refresh_from_db()
        assert item.name == "Warung Lama"

        # Back online: sent by itself, applied once.
        context.set_offline(False)
        _outbox_empty(page)
        page.click("#send-now")  # a second send finds nothing left to send
        _outbox_empty(page)
        item.refresh_from_db()
        assert (item.name, item.address) == ("Warung Baru Sungailiat", "Jl. Jend. Sudirman No. 7")
        assert Submission.objects.filter(user=assistant_bangka).count() == 1
        assert AuditEvent.objects.for_object(item).filter(action=Action.UPDATE).count() == 1
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_form_finished_online_is_answered_in_place_in_one_request(
    live_server, assistant_bangka, output_dir, monkeypatch, caplog
):
    """Online, "Finish and send" sends from the form page itself (one request, the user
    checked in it) and shows the server's answer where the form was: no second page."""
    from playwright.sync_api import expect

    from sinergi.registry.models import Business

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    base = live_server.url
    with chromium() as browser:
        context = browser.new_context(viewport=PHONE, locale="id-ID")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        log_in(page, base, "pendamping.bangka")
        page.goto(f"{base}/field/new/")
        _fill_owner_and_name(page, "Warung Sate Pak Amat", "12345")
        _fill_place(page)
        _wait_for_draft(page, "Warung Sate Pak Amat")
        # Refused by the server (a NIK has 16 digits): said on the form, at the field.
        page.click("#finish")
        expect(page.locator("#form-errors")).to_be_visible()
        expect(page.locator(".error.from-server")).not_to_have_count(0)
        assert not Business.objects.filter(name="Warung Sate Pak Amat").exists()
        # The one refusal meant here is the only request the server may log.
        refused = [r for r in caplog.records if "Bad Request: /field/submit/" in r.getMessage()]
        assert len(refused) == 1
        caplog.records.remove(refused[0])
        page.fill("#id_owner-nik", "1901010101800006")
        _wait_for_draft(page, "Warung Sate Pak Amat")
        SERVER.wait_until_answered()  # the duplicate check typing started
        sent: list[str] = []
        page.on("request", lambda r: sent.append(f"{r.method} {r.url}"))
        page.click("#finish")
        _outbox_empty(page)
        expect(page.locator("#sent-here")).to_contain_text("Warung Sate Pak Amat")
        expect(page.locator("#field-form")).to_have_count(0)
        page.screenshot(path=str(output_dir / "8-sent-in-place.png"), full_page=True)
        item = Business.objects.get(name="Warung Sate Pak Amat")
        expect(page.locator(f"#sent-here a[href='/registry/{item.pk}/']")).to_have_count(1)
        # One send (no session request before it), and no page loaded after it. (Leaving
        # the last field may still start the duplicate check: the send cuts it short.)
        assert [r for r in sent if "/field/submit/" in r or "/field/session/" in r] == [
            f"POST {base}/field/submit/"
        ], sent
        assert not [r for r in sent if r.startswith("GET ") and "/static/" not in r], sent
        context.close()
