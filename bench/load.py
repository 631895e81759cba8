"""The load figure: N patients at once, each a real Chromium tab on its own websocket session, moving through
every step and downloading their summary PDF; against one replica, and against three behind nginx.

Each patient loads a complete saved intake (the typical patient), lands on the review, then walks back
through every step to the first ("Back": one script run with every widget of that step drawn) and forward
again to the review ("Next"), then downloads the PDF. A step time is from the click to the next step drawn
(heading visible, script over, nothing stale); the PDF time is from the click to the file received.

Chromium runs on the same machine as the server, so its own CPU use counts against the server's: the
figures are a floor on what a replica holds, not a ceiling. Patient counts and time are bounded (a run
stops at LOAD_SECONDS).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from dataclasses import dataclass, field

from playwright.async_api import Browser, FilePayload, Page, async_playwright

from bench import intakes
from bench.server import CHROMIUM, CHROMIUM_ARGS, launch
from bench.stats import Figure
from questions import Bank, tr

STEP_TARGET_S = 1.0
"""A step must be drawn within 1 s at the 95th percentile."""
LOAD_SECONDS = 240
"""A whole round (all patients of one count) stops here."""
_DRAWN = """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === "notRunning"
  && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')"""


@dataclass
class Round:
    """What one round measured: every step time and every PDF time of every patient, in seconds."""

    where: str
    patients: int
    steps: list[float] = field(default_factory=list)
    pdfs: list[float] = field(default_factory=list)
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def p95(self) -> float:
        """The 95th percentile of the step times."""
        return percentile(self.steps, 95)


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


async def _drawn(page: Page, heading: str) -> None:
    await page.get_by_role("heading", name=heading, exact=True).first.wait_for(state="visible", timeout=60_000)
    await page.wait_for_function(_DRAWN, timeout=60_000)


async def _patient(browser: Browser, url: str, bank: Bank, saved: bytes, found: Round) -> None:
    context = await browser.new_context(ignore_https_errors=True, accept_downloads=True)
    try:
        page = await context.new_page()
        await page.goto(url)
        await _drawn(page, "Before your first visit")
        upload = page.locator('input[type="file"]').first
        payload: FilePayload = {"name": "mine.json", "mimeType": "application/json", "buffer": saved}
        await upload.set_input_files(files=[payload])
        await _drawn(page, "Review your answers")
        titles = [tr(s.title) for s in bank.sections]
        route = [("review_back", titles[-1])]
        route += [("back", title) for title in reversed(titles[:-1])]
        route += [("next", title) for title in titles[1:]] + [("next", "Review your answers")]
        for key, heading in route:
            began = time.perf_counter()
            await page.locator(f".st-key-{key} button").click()
            await _drawn(page, heading)
            found.steps.append(time.perf_counter() - began)
        began = time.perf_counter()
        async with page.expect_download(timeout=60_000) as pending:
            await page.get_by_role("button", name="Download my summary (PDF)").click()
        download = await pending.value
        await download.path()
        found.pdfs.append(time.perf_counter() - began)
    except Exception as error:  # a patient that did not finish is counted, not raised
        found.failed += 1
        found.errors.append(f"{type(error).__name__}: {str(error).splitlines()[0][:160]}")
    finally:
        await context.close()


async def _round(url: str, where: str, bank: Bank, count: int) -> Round:
    saved = intakes.typical(bank).model_dump_json().encode()
    found = Round(where, count)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tasks = [_patient(browser, url, bank, saved, found) for _ in range(count)]
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=LOAD_SECONDS)
        except TimeoutError:
            found.failed = count - len(found.pdfs)
        finally:
            await browser.close()
    return found


def one_replica(bank: Bank, counts: list[int]) -> list[Round]:
    """Each count of patients at once against one `streamlit run app.py`."""
    server = launch(intakes.ROOT / "app.py")
    try:
        server.wait_healthy()
        asyncio.run(_round(server.url, "1 replica", bank, 1))  # warm-up: imports, the bank, first PDF
        return [asyncio.run(_round(server.url, "1 replica", bank, n)) for n in counts]
    finally:
        server.stop()


def three_replicas(bank: Bank, counts: list[int]) -> list[Round]:
    """Each count of patients at once against three replicas behind nginx (deploy/nginx/intake.conf)."""
    from bench.cluster import cluster

    with cluster(3) as running:
        asyncio.run(_round(running.url, "3 replicas", bank, 3))  # warm-up
        return [asyncio.run(_round(running.url, "3 replicas behind nginx", bank, n)) for n in counts]


def held_per_core(rounds: list[Round]) -> float:
    """Patients per core at the largest count whose step p95 stayed under the target, all patients done."""
    cores = len(os.sched_getaffinity(0))
    good = [r.patients for r in rounds if r.failed == 0 and r.p95 < STEP_TARGET_S]
    return max(good, default=0) / cores


def load_figures(bank: Bank, counts: list[int], cluster_counts: list[int]) -> tuple[list[Figure], list[Round]]:
    """Step-time and PDF-time figures per round, and the rounds themselves for the sizing line."""
    rounds = one_replica(bank, counts) + three_replicas(bank, cluster_counts)
    figures = []
    for r in rounds:
        figures.append(
            Figure(
                f"Step time p95, {r.patients} patients at once, {r.where}",
                "s",
                [r.p95],
                max_value=STEP_TARGET_S,
                note=(
                    f"{len(r.steps)} steps: median {statistics.median(r.steps):.2f} s, max {max(r.steps):.2f} s; "
                    f"PDF median {statistics.median(r.pdfs):.2f} s, max {max(r.pdfs):.2f} s; "
                    f"{r.failed} patient(s) did not finish"
                    if r.steps and r.pdfs
                    else f"no patient finished ({r.failed} failed{': ' + r.errors[0] if r.errors else ''})"
                ),
            )
        )
    return figures, rounds


def sizing_line(rounds: list[Round]) -> str:
    """One line: patients per core a replica held with the step p95 under target."""
    single = [r for r in rounds if r.where == "1 replica"]
    return (
        f"One replica held {held_per_core(single):.1f} patients per core at once with the step p95 under "
        f"{STEP_TARGET_S:.0f} s (largest count tried that stayed under it; Chromium on the same cores)."
    )
