"""One checker for every page a browser journey visits, at the two widths people use.

At 1366 and 1920 px it finds what a person would notice and a single-page test would not:
a page wider than the window, text cut off by its box, English left untranslated, a wrong Russian
plural after a number (the rule of project/russian.py), a console error, and a request to another
host (the product runs with no internet). It keeps a full-page screenshot of each page at each
width under var/e2e-screenshots/<journey>/ (or $E2E_SCREENSHOT_DIR), kept by CI as an artefact.

Faults are collected over the whole journey and reported together at its end, each with the
page and the width it was seen at, so one run shows every fault, not only the first.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from playwright.sync_api import ConsoleMessage, Page, Request, Response

from project.russian import parse_forms, plural_form

WIDTHS = (1366, 1920)
HEIGHT = 900
SCREENSHOT_DIR = Path(os.environ.get("E2E_SCREENSHOT_DIR") or settings.BASE_DIR / "var" /
                      "e2e-screenshots")

# The counted words of the issue, by their three forms (1, 2, 5), and their oblique plural forms,
# which are never right after a number ending in 1 («в 1 звонках»).
COUNTED = {
    "звонок,звонка,звонков": ("звонках", "звонкам", "звонками"),
    "оператор,оператора,операторов": ("операторах", "операторам", "операторами"),
    "минута,минуты,минут": ("минутах", "минутам", "минутами"),
    "возражение,возражения,возражений": ("возражениях", "возражениям", "возражениями"),
    "ответ,ответа,ответов": ("ответах", "ответам", "ответами"),
    "клиент,клиента,клиентов": ("клиентах", "клиентам", "клиентами"),
}
# Nominative plurals never follow a number: «59 звонки» is Django's admin counting, not Russian.
# («минуты», «возражения» are also the form for 2, so they are not here.)
NOMINATIVE_PLURAL = {
    "звонки": "звонок,звонка,звонков",
    "операторы": "оператор,оператора,операторов",
    "ответы": "ответ,ответа,ответов",
    "клиенты": "клиент,клиента,клиентов",
}
NUMBER_AND_WORD = re.compile(
    r"(?:(?P<before>[А-Яа-яЁё]+)\s+)?(?<![\d,.:/\-–])"
    r"(?P<number>\d{1,3}(?:[\u00a0\u202f ]\d{3})+|\d+)(?![\d,.:/\-])"
    # Not across a tab: innerText puts one between table cells, and a number in one column and a
    # word in the next («0», «оператор» in a list of segments) are not a count.
    # The word is looked at, not taken: in «1 из 2 операторов» the «из» after the 1 is the word
    # before the 2.
    r"(?=[^\S\t]+(?P<word>[А-Яа-яЁё]+))"
)
# These govern the genitive, so «из 3 звонков», «более 2 минут» are right as written.
GENITIVE_BEFORE = {
    "из", "от", "до", "для", "без", "около", "более", "менее", "больше", "меньше", "свыше",
    "среди", "кроме", "после", "у", "с", "со", "вместо", "против", "возле", "мимо",
}
# Latin words that are Russian UI all the same: names, formats, standard abbreviations.
LATIN_ALLOWED = {
    "slyshu", "api", "crm", "pdf", "csv", "json", "jsonl", "yaml", "xlsx", "id", "url", "ok",
    "openapi", "swagger", "redoc", "whisper", "django", "email", "e-mail", "mp3", "wav", "ogg",
    "opus", "flac", "m4a", "utc", "msk", "http", "https", "www", "q2", "cpu", "ram", "sql",
    "webhook", "ctrl", "enter", "shift", "alt", "esc", "tab", "control", "command", "mac", "cron",
}
LATIN_WORD = re.compile(r"(?<![\w@./:-])[A-Za-z][A-Za-z']{2,}(?![\w@./:-])")

LAYOUT_SCRIPT = """
() => {
  const faults = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    const wide = [...document.querySelectorAll("body *")]
      .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
      .filter(el => getComputedStyle(el).position !== "fixed")
      .slice(0, 3)
      .map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className)
        .trim().split(/\\s+/).join(".") : ""));
    faults.push(`page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window: ` +
                wide.join(", "));
  }
  // The top bar is one line: a second line pushes every page down and reads as broken.
  for (const bar of document.querySelectorAll("header")) {
    const items = [...bar.querySelectorAll("a, button, summary")].filter(el => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && !el.closest("details:not([open]) ul");
    });
    const middles = items.map(el => {
      const box = el.getBoundingClientRect();
      return box.top + box.height / 2;
    });
    if (middles.length && Math.max(...middles) - Math.min(...middles) > 16) {
      faults.push(`the header wraps onto more than one line (${bar.className || "header"})`);
    }
  }
  const describe = el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className)
    .trim().split(/\\s+/).join(".") : "") + ` «${el.innerText.trim().slice(0, 60)}»`;
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    // A table in a box that scrolls sideways is cut off at this width all the same: its last
    // columns are out of sight until someone thinks of scrolling.
    if (["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 &&
        el.querySelector("table")) {
      faults.push(`table wider than its box (${el.scrollWidth}px in ${el.clientWidth}px): ` +
                  describe(el));
    }
    const ownText = [...el.childNodes].some(
      node => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    if (!ownText) continue;
    // Visually hidden text for screen readers is clipped to a pixel on purpose, and an icon
    // button's label is pushed out of its box on purpose (the admin's «Выбрать отмеченные»).
    if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
    if (parseFloat(style.textIndent) <= -999) continue;
    const clipsX = ["hidden", "clip"].includes(style.overflowX) ||
      style.textOverflow === "ellipsis";
    const clipsY = ["hidden", "clip"].includes(style.overflowY);
    if (clipsX && el.scrollWidth > el.clientWidth + 1) {
      faults.push(`text cut off at the side: ${describe(el)}`);
    } else if (clipsY && el.scrollHeight > el.clientHeight + 1) {
      faults.push(`text cut off at the bottom: ${describe(el)}`);
    }
  }
  return faults;
}
"""

VISIBLE_TEXT_SCRIPT = """
() => {
  // Form values people see as text too: buttons' and inputs' values, placeholders, options shown.
  const extra = [...document.querySelectorAll(
      "input[type=submit], input[type=button], input[placeholder], textarea[placeholder]")]
    .map(el => el.value && el.type !== "text" ? el.value : el.placeholder || "");
  // Commands and identifiers set as code are typed as they are, not translated.
  const code = [...document.querySelectorAll("code, kbd, samp, pre")].map(el => el.innerText);
  return {text: [document.title, document.body.innerText, ...extra].join("\\n"), code: code};
}
"""


def _seen(text: str, match: re.Match[str]) -> str:
    return text[match.start():match.end("word")].strip()


def plural_faults(text: str) -> list[str]:
    """«3 звонков», «21 звонков», «в 1 звонках»: a counted word in the wrong form for its number."""
    faults = []
    forms_of: dict[str, str] = {}
    for counted, oblique in COUNTED.items():
        for form in (*parse_forms(counted), *oblique):
            forms_of[form] = counted
    for match in NUMBER_AND_WORD.finditer(text):
        word = match["word"].lower()
        if word in NOMINATIVE_PLURAL:
            number = int(re.sub(r"\D", "", match["number"]))
            faults.append(f"wrong plural: «{_seen(text, match)}» (should be "
                          f"«{number} {plural_form(number, NOMINATIVE_PLURAL[word])}»)")
            continue
        if word not in forms_of:
            continue
        forms = forms_of[word]
        number = int(re.sub(r"\D", "", match["number"]))
        before = (match["before"] or "").lower()
        if word in parse_forms(forms):
            if before in GENITIVE_BEFORE or word == plural_form(number, forms):
                continue
        elif number % 10 != 1 or number % 100 == 11:
            continue  # «в 3 звонках» is right; only «в 1 звонках», «21 операторам» are not.
        faults.append(f"wrong plural: «{_seen(text, match)}» "
                      f"(should be «{number} {plural_form(number, forms)}»)")
    return faults


def english_faults(text: str, *, data_words: set[str]) -> list[str]:
    found = []
    for match in LATIN_WORD.finditer(text):
        word = match.group(0)
        if word.lower() in LATIN_ALLOWED or word.lower() in data_words:
            continue
        # An abbreviation in capitals (ФИО has them too): not a sentence someone forgot.
        if word.isupper() and len(word) <= 5:
            continue
        found.append(word)
    return [f"English in visible text: {', '.join(sorted(set(found)))}"] if found else []


@dataclass
class PageChecker:
    page: Page
    journey: str
    # The live server's address: a request anywhere else leaves the machine.
    base_url: str
    # Latin words that are data, not interface: user names, operator and line codes.
    data_words: set[str] = field(default_factory=set)
    faults: list[str] = field(default_factory=list)
    _console: list[str] = field(default_factory=list)
    _foreign: list[str] = field(default_factory=list)
    _count: int = 0

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self._console.append(f"page error: {error}"))
        self.page.on("request", self._on_request)
        self.page.on("response", self._on_response)
        self.folder = SCREENSHOT_DIR / self.journey
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._console.append(f"console error: {message.text}")

    def _on_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != urlsplit(self.base_url).netloc:
            self._foreign.append(request.url)

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self._console.append(f"HTTP {response.status} for {response.request.method} "
                                 f"{response.url}")

    def check(self, name: str) -> None:
        """Look at the page as it is now, at each width; then back to the first width."""
        self.page.wait_for_load_state("load")
        self._count += 1
        where = f"{self._count:02d}-{name} {self.page.url}"
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": HEIGHT})
            # A frame for the layout to follow the new width.
            self.page.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")
            faults = list(self.page.evaluate(LAYOUT_SCRIPT))
            visible = self.page.evaluate(VISIBLE_TEXT_SCRIPT)
            text = str(visible["text"])
            prose = text
            for snippet in sorted(visible["code"], key=len, reverse=True):
                prose = prose.replace(snippet, " ")
            faults += english_faults(prose, data_words=self.data_words)
            faults += plural_faults(text)
            self.faults += [f"[{where} @ {width}px] {fault}" for fault in dict.fromkeys(faults)]
            self.page.screenshot(path=str(self.folder / f"{self._count:02d}-{name}-{width}.png"),
                                 full_page=True)
        self.page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        self.faults += [f"[{where}] {fault}" for fault in dict.fromkeys(self._console)]
        self.faults += [f"[{where}] request to another host: {url}" for url in self._foreign]
        self._console.clear()
        self._foreign.clear()

    def assert_clean(self) -> None:
        assert not self.faults, "\n".join(["Faults on the journey's pages:", *self.faults])
