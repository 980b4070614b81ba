"""One story, one set of numbers: a headline prints one value in every notebook, deck, sheet and
solution, in both editions, and the checks accept it."""

import html
import json
import re
from pathlib import Path

import pytest

from helpers import scenarios, story
from helpers.teach import exercises
from tools import notebooks

ROOT = Path(__file__).resolve().parents[1]
HEADLINES = story.headlines()
CLUSTER = scenarios.cluster()


def output_lines(path: Path) -> list[str]:
    """Every line of text a notebook's stored outputs show (HTML without its tags)."""
    lines = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            texts = []
            if "text" in output:
                texts.append("".join(output["text"]))
            data = output.get("data", {})
            if "text/html" in data:
                raw = "".join(data["text/html"])
                texts.append(html.unescape(re.sub(r"<[^>]+>", "\n", raw.replace("</tr>", "\n"))))
            elif "text/plain" in data:
                texts.append("".join(data["text/plain"]))
            for text in texts:
                lines += [line.strip() for line in text.splitlines() if line.strip()]
    return lines


ALL = notebooks.notebooks(ROOT / "notebooks")
CARD = re.compile(r'data-headline="(\w+)" data-value="([^"]+)"')


def cards(path: Path) -> list[tuple[str, str]]:
    raw = path.read_text(encoding="utf-8")
    return [(key, html.unescape(value)) for key, value in CARD.findall(raw.replace('\\"', '"'))]


def printed_matches(text: str, value: float) -> bool:
    """Does the printed number ``text`` (``385``, ``148.4``, ``38,498``, ``1.32e+26``) round from ``value``?"""
    clean = text.replace(",", "")
    if "e" in clean.lower():
        mantissa, exponent = re.split("[eE]", clean)
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        step = 10 ** (int(exponent) - decimals)
    else:
        decimals = len(clean.split(".")[1]) if "." in clean else 0
        step = 10**-decimals
    return abs(float(clean) - value) <= 0.5 * step * (1 + 1e-9)


def subject(line: str) -> str | None:
    """Which reference run a line speaks of: ``dense``, ``moe`` or ``None``."""
    dense = re.search(r"\b[Dd]ense 1T\b|密な1(?:兆|T)", line)
    moe = re.search(r"MoE 1T|1兆MoE|Kimi K2", line)
    if bool(dense) == bool(moe):
        return None
    return "dense" if dense else "moe"


# Statements of a headline in text, English and Japanese: (headline suffix, pattern, group of the number)
DAYS = (
    re.compile(r"(?P<days>[\d,]+(?:\.\d+)?) days on (?P<n>[\d,]+) (?P<gpu>.+?) at (?P<mfu>\d+)% MFU"),
    re.compile(r"(?P<gpu>\S+(?: SXM)?) (?P<n>[\d,]+)枚・MFU (?P<mfu>\d+)%で(?P<days>[\d,]+(?:\.\d+)?)日"),
)
GWH = re.compile(r"([\d,]+(?:\.\d+)?) ?GWh")
FLOPS = re.compile(r"(\d\.\d+e\+?\d+) FLOP")
FLOOR = (re.compile(r"at least ([\d,]+) H200"), re.compile(r"H200 ([\d,]+)枚以上"))


def statements(line: str) -> list[tuple[str, str]]:
    """``(headline key, printed number)`` for each headline this line states about the reference story."""
    found = []
    run = subject(line)
    for pattern in DAYS:  # English and Japanese word the same statement in another order
        for m in pattern.finditer(line):
            on_cluster = (
                int(m["n"].replace(",", "")) == CLUSTER.n_gpus
                and m["gpu"] == CLUSTER.gpu
                and int(m["mfu"]) == round(100 * CLUSTER.mfu)
            )
            if run and on_cluster:
                found.append((f"{run}_days", m["days"]))
    if run:
        found += [(f"{run}_energy_gwh", m.group(1)) for m in GWH.finditer(line)]
        if not re.search(r"per token|トークンあたり", line):  # FLOPs per token are not the run's FLOPs
            found += [(f"{run}_flops", m.group(1)) for m in FLOPS.finditer(line)]
    for pattern in FLOOR:
        found += [("dense_training_gpus_h200", m.group(1)) for m in pattern.finditer(line)]
    return found


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_every_printed_headline_has_the_storys_value(path):
    wrong = []
    for line in output_lines(path):
        for key, printed in statements(line):
            if not printed_matches(printed, HEADLINES[key].value):
                wrong.append(f"{key}: printed {printed}, the story says {HEADLINES[key].value:.4g}: {line[:140]}")
    assert wrong == []


def test_cards_show_one_value_per_headline_and_language():
    seen: dict[tuple[str, str], set[str]] = {}
    for path in ALL:
        lang = "ja" if "ja" in path.relative_to(ROOT / "notebooks").parts[:1] else "en"
        for key, value in cards(path):
            assert key in HEADLINES, f"{path.name}: unknown headline {key}"
            seen.setdefault((key, lang), set()).add(value)
    assert seen, "no notebook shows a result card"
    assert {k: v for k, v in seen.items() if len(v) != 1} == {}


def test_the_scan_catches_the_old_inconsistencies():
    """The versions that once coexisted (issue: 21.2 T with attention vs 20 T as 6·N·D) are caught."""
    old = [
        "dense 1T, 20T tokens: 1.2e+26 FLOPs = 351 days on 10,000 H100 SXM at 40% MFU",
        "Dense 1T: 135.0 GWh, ¥2.3 bn to ¥4.0 bn",
        "Megatron GPT 1T, training states: 16.1 TB = at least 127 H200s",
        "密な1兆モデル:H100 SXM 10,000枚・MFU 40%で371日",
    ]
    found = [s for line in old for s in statements(line)]
    assert {key for key, _ in found} == {"dense_days", "dense_flops", "dense_energy_gwh", "dense_training_gpus_h200"}
    assert not any(printed_matches(printed, HEADLINES[key].value) for key, printed in found)
    assert printed_matches("385", HEADLINES["dense_days"].value)
    assert printed_matches("1.32e+26", HEADLINES["dense_flops"].value)
    assert printed_matches("148.4", HEADLINES["dense_energy_gwh"].value)


def test_the_scan_reads_the_notebooks_that_state_headlines():
    """Guard against a scan that silently finds nothing: 03, 04 and the deck state headlines."""
    for name in ("03_compute_and_time.ipynb", "04_datacenter_power.ipynb", "story_deck.ipynb"):
        for folder in (ROOT / "notebooks", ROOT / "notebooks" / "ja"):
            found = [s for line in output_lines(folder / name) for s in statements(line)]
            assert found, f"{folder.name}/{name}"


# The checks accept the story's values ----------------------------------------------------------------
def test_checks_accept_the_numbers_the_notebooks_print():
    """A student who copies a headline from notebook 03 or 04 into a sheet's question is right."""
    assert exercises.check("ex4_q5", HEADLINES["dense_energy_gwh"].value).correct
    assert exercises.check("ex4_q6", HEADLINES["dense_electricity_jpy"].value / 1e9).correct
    assert exercises.check("ex3_q2", 21.2).correct  # notebook 03 prints Chinchilla's Table 3
    assert exercises.check("ex3_q2", 20).correct  # the rule of thumb


def test_another_notebooks_convention_gets_a_hint_that_names_it():
    from helpers.teach.questions.inputs import dense_1t_six_nd

    c = scenarios.cluster()
    from helpers.calc import compute, power

    mwh = power.training_energy_mwh(dense_1t_six_nd(), c.gpu, c.mfu, c.power_fraction, c.pue)
    feedback = exercises.check("ex4_q5", mwh / 1e3)
    assert not feedback.correct and "6·N·D" in feedback.text
    gpus = compute.gpus_for_days(dense_1t_six_nd(), c.deadline_days, gpu=c.gpu, mfu=c.mfu)
    feedback = exercises.check("ex3_q5", gpus)
    assert not feedback.correct and "6·N·D" in feedback.text


# Outputs that hold on any machine ------------------------------------------------------------------
RESIDUE = re.compile(r"(?<![\w.])[-−]?\d+(?:\.\d+)?[eE]-(\d+)\b")


def residues(line: str) -> list[str]:
    """Printed numbers below 1e-9 in magnitude that are not exactly zero: floating-point residue whose
    digits depend on the CPU's kernels (an NPV of -1.6e-14 at the IRR)."""
    return [
        m.group(0) for m in RESIDUE.finditer(line) if int(m.group(1)) >= 10 and float(m.group(0).replace("−", "-")) != 0
    ]


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_no_output_prints_floating_point_residue(path):
    assert [line for line in output_lines(path) if residues(line)] == []


def test_the_residue_scan_finds_residue():
    assert residues("NPV at the IRR: -1.60e-14") == ["-1.60e-14"]
    assert residues("NPV at the IRR: ≈ 0 (1.2e-3 of the investment)") == []
    assert residues("2.0e-10 and 0e-12") == ["2.0e-10"]
