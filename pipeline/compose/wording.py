"""How things are written in 公文 Chinese, decided once: numbers, markers, dates, targets."""
import datetime as dt
import difflib
import re

from ..content.model import Deadline, Target, YearMonth, format_number

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九, 100 → 一百, 101 → 一百零一,
    110 → 一百一十. GB/T 9704 sets no limit on how far 一、 and （一） count; past 999 the
    digits are written as they are."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    if not hundreds:
        return (("" if tens == 1 else _DIGITS[tens]) + "十" if tens else "") + (_DIGITS[ones] if ones else "")
    text = _DIGITS[hundreds] + "百"
    if tens:
        text += _DIGITS[tens] + "十"  # 一百一十, not 一百十
    elif ones:
        text += "零"
    return text + (_DIGITS[ones] if ones else "")


def heading_marker(level: int, n: int) -> str:
    """The marker of heading level 1–4: 一、 （一） 1. （1）."""
    return {1: f"{chinese_number(n)}、", 2: f"（{chinese_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def list_marker(depth: int, n: int, before_digit: bool = False) -> str:
    """Markers of numbered lists inside prose: 1. then （1）.

    A list whose items start with a number ("6月开展…", "2024年…") would read as a decimal
    with the half-width point: "2.6月开展…" is 2.6. Such a list takes the full-width point
    "2．6月开展…" instead, for all its items alike (one list, one marker): it is the same
    level-3 marker of GB/T 9704 ("1." is how the standard writes it; Word and WPS templates
    of 公文 set it as "1．"), so the hierarchy 一、（一）1.（1） is kept, where "（2）" would skip
    a level; its full-width point stands apart from the digit after it, and readers (and our
    importer) take "2．6月" for item 2. The nested "（1）" needs nothing: its bracket closes."""
    if depth != 1:
        return f"（{n}）"
    return f"{n}．" if before_digit else f"{n}."


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def month_text(ym: YearMonth) -> str:
    return f"{ym.year}年{ym.month}月"


def month_name(month: int) -> str:
    return f"{chinese_number(month)}月"


def span_text(start: YearMonth, end: YearMonth) -> str:
    """2024年2月至4月, 2024年11月至2025年1月, 2024年3月."""
    if start == end:
        return month_text(start)
    if start.year == end.year:
        return f"{month_text(start)}至{end.month}月"
    return f"{month_text(start)}至{month_text(end)}"


def deadline_text(deadline: Deadline | None) -> str:
    if deadline is None:
        return ""
    if deadline.day:
        return f"{date_text(deadline.day)}前"
    if deadline.month:
        return f"{month_text(deadline.month)}底前"
    return deadline.word


def target_text(target: Target) -> str:
    """门诊患者满意度 ≥ 90% → 门诊患者满意度达到90%以上."""
    value = f"{format_number(target.value)}{target.unit}"
    full = target.unit == "%" and target.value == 100
    if target.comparison == "≥":
        if target.unit == "%":
            return f"{target.indicator}达到{value}" + ("" if full else "以上")
        return f"{target.indicator}不少于{value}"
    return {
        "≤": f"{target.indicator}控制在{value}以内",
        "=": f"{target.indicator}达到{value}",
        ">": f"{target.indicator}高于{value}",
        "<": f"{target.indicator}低于{value}",
    }[target.comparison]


def sentence(*parts: str) -> str:
    """Join clauses with ，and close with 。 unless the text already ends a sentence."""
    text = "，".join(p.strip().rstrip("，。；") for p in parts if p and p.strip())
    # a closing quote or bracket ends the sentence only when a full stop sits inside it:
    # 获评“最美护士” needs 。, 他说：“要落实。” does not
    end = text.rstrip("”’）」")
    return text if not text or (end and end[-1] in "。！？…") else text + "。"


def join_names(names) -> str:
    return "、".join(names)


def month_names(months) -> str:
    """[7, 8] → 七月、八月."""
    return "、".join(month_name(m) for m in months)


def phase_span(phase) -> str:
    """A phase's time: 2024年2月至4月 (dated), 第1-3个月 (relative to the start), or "" (none)."""
    if phase.start:
        return span_text(phase.start, phase.end)
    if phase.months is not None:
        return f"第{phase.months}个月"
    return ""


def day_span(start: dt.date, end: dt.date | None = None) -> str:
    """2024年5月12日; 2024年5月6日至12日; 2024年5月30日至6月2日; 2024年12月30日至2025年1月3日."""
    if end is None or end == start:
        return date_text(start)
    if end.year != start.year:
        return f"{date_text(start)}至{date_text(end)}"
    if end.month != start.month:
        return f"{date_text(start)}至{end.month}月{end.day}日"
    return f"{date_text(start)}至{end.day}日"


def default_preamble(basis: list[str], short_name: str, kind_name: str) -> str:
    """The opening a document without one gets from its basis documents."""
    return f"根据{''.join(f'《{b}》' for b in basis)}，结合{short_name}实际，制定本{kind_name}。"


_NOT_WORDS = re.compile(r"[\s，。；、：！？“”‘’（）《》,.;:!?()\-—…]")


def distinct_steps(steps: list[str]) -> list[str]:
    """下一步打算 without repeats: each result's own next_step (at any level, as written, in the
    summary's order), then the summary's next_steps, leaving out a step that says what an
    earlier one says — the same words, give or take punctuation and a few characters, or
    wholly contained in it. Where the later step is the fuller one, it takes the earlier's place.
    Nothing is made up for a task that has no next_step (the lint warns: W441)."""
    kept: list[tuple[str, str]] = []  # (as written, its words alone)
    for step in steps:
        text = (step or "").strip()
        words = _NOT_WORDS.sub("", text)
        if not words:
            continue
        for i, (_, other) in enumerate(kept):
            if words in other or other in words or \
                    difflib.SequenceMatcher(None, words, other, autojunk=False).ratio() >= 0.85:
                if len(words) > len(other) and other in words:
                    kept[i] = (text, words)
                break
        else:
            kept.append((text, words))
    return [text for text, _ in kept]


def goal_text(goal) -> str:
    """A goal as its sentence: the writer's own words where they already state the target
    (签约居民续约率不低于80%), else its text joined to the worded target."""
    if goal.text and goal.target and f"{format_number(goal.target.value)}{goal.target.unit}" in goal.text:
        return sentence(goal.text)
    return sentence(goal.text or "", target_text(goal.target) if goal.target else "")


def new_events(result, year: int) -> list[tuple[str, str]]:
    """A result's dated events as its summary prints them: (3月5日, text without its full stop),
    in date order, each once, the year written only when it is not the summary's, and none that
    its narrative (or, without one, its figures) already tells: the same words, or a sentence of
    the narrative that names the event's month and six or more of its words running
    ("医患关系办公室于3月挂牌运行" tells "3月20日，医患关系办公室挂牌成立")."""
    told = result.narrative or "；".join(result.figures)
    sentences = [_NOT_WORDS.sub("", s) for s in re.split(r"(?<=[。！？；])", told)]
    out, seen = [], set()
    for event in sorted(result.events, key=lambda e: e.date):
        text = event.text.strip().rstrip("。；，")
        words = _NOT_WORDS.sub("", text)
        month = re.compile(rf"(?<!\d){event.date.month}月")
        if not words or (event.date, words) in seen or words in "".join(sentences) or any(
                month.search(s) and any(words[i:i + 6] in s for i in range(len(words) - 5)) for s in sentences):
            continue
        seen.add((event.date, words))
        day = event.date
        out.append((f"{day.month}月{day.day}日" if day.year == year else date_text(day), text))
    return out
