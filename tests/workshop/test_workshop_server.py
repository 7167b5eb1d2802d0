"""The workshop server over HTTP: nothing without the code, answers kept apart, the facilitator's tools."""
import json
import signal
import socket

import requests
from conftest import Device, workshop_load

from paynecrm_kernel.workbook import Workbook
from paynecrm_kernel.workshop import WorkshopStore

CONTINUUM = {f"s{i}": 1 + i % 5 for i in range(1, 10)}


def test_nothing_is_served_without_the_workshop_code(server, device):
    stranger = device()
    for path in ["/", "/c/overview", "/static/workshop.css", "/static/participant.js", "/facilitator",
                 "/facilitator/answers.csv"]:
        response = stranger.get(path)
        assert response.status_code in (401, 403), path
        assert "Where does our idea" not in response.text and "function" not in response.text
    assert "workshop code" in stranger.get("/").text
    for path in ["/api/kernels", "/api/contents", "/api/sessions", "/api/terminals", "/terminals/websocket/1",
                 "/files/workbook.json", "/tree", "/lab", "/voila/render/00_overview.ipynb", "/login"]:
        assert stranger.get(path).status_code == 404, path
    assert stranger.post("/a/performance.nps", json=5).status_code in (401, 403)
    assert stranger.get("/?code=WRONG1").status_code == 401
    assert stranger.get("/?code=ÉÉÉÉÉÉ").status_code == 401


def test_only_the_servers_own_host_names_are_accepted(server):
    response = requests.get(server.base + "/", headers={"Host": f"attacker.example:{server.port}"}, timeout=10)
    assert response.status_code == 400


def test_a_participant_joins_answers_and_finds_the_answer_again_on_another_device(server, device):
    phone = device()
    code = phone.join("Ann", "Blue")
    assert phone.get("/").status_code == 200 and "Blue" in phone.get("/").text
    reply = phone.answer("overview.continuum", CONTINUUM)
    assert reply.status_code == 200 and reply.json()["ok"] and reply.json()["value"] == CONTINUUM
    page = phone.get("/c/overview").text
    assert 'name="s1" value="2" checked' in page and "Saved" in page
    laptop = device()
    laptop.get(f"/?code={server.code}")
    laptop.post("/join", {"personal_code": code.lower()})
    assert 'name="s1" value="2" checked' in laptop.get("/c/overview").text
    assert phone.get("/c/overview").status_code == 200                   # the phone keeps its identity


def test_bad_answers_are_refused_with_the_reason(server, device):
    phone = device()
    phone.join("Cal")
    reply = phone.answer("strategy.five_forces", {"rivalry": 3})
    assert reply.status_code == 400 and "still to answer: number 2, 3, 4, 5" in reply.json()["error"]
    assert phone.answer("strategy.nothing", 1).status_code == 400
    broken = phone.post("/a/performance.nps", data=None, json=None)
    assert broken.status_code == 400
    try:                                   # an oversized body is cut off before it is read
        huge = phone.http.post(server.base + "/a/performance.nps", data=b"x" * 70_000,
                               headers={"X-XSRFToken": phone.http.cookies["_xsrf"]}, timeout=30).status_code
    except requests.RequestException:
        huge = "closed"
    assert huge in (400, 413, "closed")
    assert phone.answer("performance.nps", 5).json()["ok"]


def test_two_participants_never_see_or_change_each_others_answers(server, device):
    ann, bob = device(), device()
    ann.join("Ann2")
    bob.join("Bob2")
    assert ann.answer("strategy.ideas", "Ann's secret plan for loyalty").json()["ok"]
    assert bob.answer("strategy.ideas", "Bob's idea about the call centre").json()["ok"]
    assert "Bob&#x27;s idea" not in ann.get("/c/strategy").text and "Bob's idea" not in ann.get("/c/strategy").text
    assert "Ann&#x27;s secret" in ann.get("/c/strategy").text
    # No request names a participant: a parameter naming another is ignored, and a tampered cookie is nobody.
    bob_cookie = bob.http.cookies["pcrm_participant"]
    ann.post("/a/strategy.ideas?participant_id=whoever", json="Ann again")
    assert "Bob&#x27;s idea" in bob.get("/c/strategy").text
    forged = device()
    forged.get(f"/?code={server.code}")
    forged.http.cookies.set("pcrm_participant", bob_cookie[:-3] + "abc")
    assert "Bob" not in forged.get("/c/strategy").text and "Welcome" in forged.get("/").text


def test_the_facilitator_sees_results_freezes_reveals_exports_and_fills_the_workbook(server, device):
    phone = device()
    phone.join("Dee", "Green")
    assert phone.answer("performance.nps", 9).json()["ok"]
    outsider = device()
    outsider.get(f"/?code={server.code}")
    assert outsider.get("/facilitator").status_code == 403
    assert outsider.get("/facilitator?token=wrong").status_code == 403
    assert outsider.get("/facilitator?token=wrongé").status_code == 403
    boss = device().as_facilitator()
    page = boss.get("/facilitator")
    assert page.status_code == 200 and "<svg" in page.text and f"?code={server.code}" in page.text
    news = boss.get("/facilitator/summary?since=-1&question=performance.nps").json()
    assert news["counts"]["performance.nps"] >= 1 and news["summary"]["promoters"] >= 1
    assert boss.get(f"/facilitator/summary?since={news['seq']}").json() == {"seq": news["seq"], "changed": False}
    assert boss.get("/facilitator/summary?since=x").status_code == 400
    assert boss.get("/facilitator/summary?question=nothing.here").status_code == 400
    assert boss.post("/facilitator/state/performance.nps", {"frozen": "1", "revealed": "1"}).json() == \
        {"frozen": True, "revealed": True}
    closed = phone.answer("performance.nps", 3)
    assert closed.status_code == 400 and "frozen" in closed.json()["error"]
    assert "closed this question" in phone.get("/c/performance").text
    boss.post("/facilitator/state/performance.nps", {"frozen": "0"})
    assert phone.answer("performance.nps", 3).json()["ok"]
    csv = boss.get("/facilitator/answers.csv")
    assert csv.headers["Content-Type"].startswith("text/csv") and '"Dee","Green"' in csv.text
    result = boss.post("/facilitator/to-workbook").json()
    assert result["ok"] and "workshop.performance.nps" in result["keys"]
    saved = Workbook.open(server.db.with_name("workbook.json"))
    assert saved.get("workshop.performance.nps")["n"] >= 1


def test_a_team_can_answer_on_the_facilitators_screen(server, device):
    boss = device().as_facilitator()
    boss.get("/facilitator")
    home = boss.post("/facilitator/team", {"team": "Table 3"})
    assert home.status_code == 200 and "Table 3" in home.text
    assert boss.answer("strategy.granularity", "micro").json()["ok"]
    rows = [line for line in boss.get("/facilitator/answers.csv").text.splitlines() if "Table 3" in line]
    assert rows and "True" in rows[0]


def test_nothing_acknowledged_is_lost_when_a_phone_dies_mid_answer_or_the_server_restarts(tmp_path, device):
    srv = workshop_load.WorkshopServer(tmp_path / "workshop.sqlite").start()
    try:
        phone = Device(srv)
        phone.join("Eve")
        acked = {"overview.continuum": CONTINUUM, "performance.nps": 7, "strategy.granularity": "macro"}
        for qid, value in acked.items():
            assert phone.answer(qid, value).json()["ok"]
        # A phone that dies half-way through sending an answer: headers and half the body, then nothing.
        body = json.dumps({"rivalry": 5}).encode()
        cookies = "; ".join(f"{k}={v}" for k, v in phone.http.cookies.items())
        with socket.create_connection(("127.0.0.1", srv.port)) as raw:
            raw.sendall((f"POST /a/strategy.five_forces HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\nCookie: {cookies}"
                         f"\r\nX-XSRFToken: {phone.http.cookies['_xsrf']}\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {len(body) + 200}\r\n\r\n").encode() + body[:5])
        # The server is killed outright and started again on the same database.
        srv.stop(signal.SIGKILL)
        srv.start()
        assert "Eve" in phone.get("/").text                                 # the cookie still works
        boss = Device(srv).as_facilitator()
        rows = boss.get("/facilitator/answers.csv").text
        assert "strategy.five_forces" not in rows
        store = WorkshopStore(srv.db)
        eve = next(p for p in store.participants() if p.name == "Eve")
        assert store.answers_of(eve.id) == acked
        store.close()
        # Guessing the code: after a few wrong tries even the right one is refused for a minute.
        guesser = Device(srv)
        for _ in range(10):
            guesser.get("/?code=WRONG2")
        assert guesser.get(f"/?code={srv.code}").status_code == 401
    finally:
        srv.stop()
