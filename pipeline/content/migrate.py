"""Where each field of the old format (one plan.yaml with `documents:` and a results.yaml per
year) has moved: every old field found is reported at its line (E130), nothing is rewritten.

Old plan.yaml: `documents: {plan, scheme, summary}` shared one set of records.
Now: one file per document, content/<year>/<id>.yaml, each with `kind:`; a document takes the
records it leaves empty from the one named in `based_on:`; a summary holds its own results.
"""
from ruamel.yaml.comments import CommentedMap

from ..errors import Problem

NEW_FILE = "每个文档一个文件 content/<年度>/<编号>.yaml，文件中写 kind: plan、scheme 或 summary"
MOVED = {
    # plan.yaml
    "year": "year 不再需要：年度由文档所在的文件夹决定，请删除这一行",
    "documents": f"documents 已拆分：{NEW_FILE}；documents.<类型> 下的 title、date、addressee、signature、"
                 "preamble、closing、attachments 移到该文档文件的顶层",
    "leadership": "leadership 移到用它的文档文件中（通常是方案）；其他文档用 based_on: <编号> 沿用",
    "guiding": "guiding（指导思想）移到计划或方案的文档文件中",
    "overall_goal": "overall_goal（总体目标）移到计划或方案的文档文件中",
    "goals": "goals 移到计划的文档文件中；方案和总结写 based_on: <计划编号> 即沿用这些目标",
    "principles": "principles 移到方案的文档文件中",
    "tasks": "tasks 移到计划的文档文件中；方案写 based_on: <计划编号> 即沿用这些任务",
    "phases": "phases 移到计划或方案的文档文件中",
    "activities": "activities（月度活动）移到计划的文档文件中",
    "safeguards": "safeguards 移到计划或方案的文档文件中",
    # results.yaml
    "opening": "results.yaml 的 opening 改为总结文档（kind: summary）的 preamble",
    "problems": "results.yaml 的 problems 移到总结文档（kind: summary）中，写法不变",
    "next_steps": "results.yaml 的 next_steps 移到总结文档（kind: summary）中，写法不变",
}
RESULTS_MOVED = {
    "goals": "results.yaml 的 goals 改名为总结文档中的 goal_results，每项写法不变",
    "tasks": "results.yaml 的 tasks 改名为总结文档中的 results，每项中 headline 改为 heading"
             "（exemplars 改为 people，人物的 deed 可省略）",
}
OLD_DOCUMENT_FIELDS = {"basis": "basis 现在是列表：basis: [文件名称]，依据的文字请写进 preamble",
                       "exemplars": "exemplars 改名为 people（人物：name、post，可有 deed 或 honour）",
                       "headline": "headline 改名为 heading（结果的标题）"}


def old_format(source) -> list[Problem]:
    """E130 for each top-level field of an old-format file (one without `kind:`), at its line."""
    root = source.root
    if not isinstance(root, CommentedMap) or "kind" in root:
        return []
    is_results = source.path.name == "results.yaml" or ("tasks" in root and "documents" not in root
                                                        and any("status" in (t or {}) for t in root.get("tasks") or []
                                                                if isinstance(t, dict)))
    found = [key for key in root if key in MOVED or (is_results and key in RESULTS_MOVED)]
    if not found:
        return []
    where = " results.yaml（旧格式的年度结果）" if is_results else "旧格式的年度内容文件"
    problems = [Problem("E130", f"这是{where}：内容已改为{NEW_FILE}。以下逐项说明各字段的去向", source.path, 1)]
    for key in found:
        message = RESULTS_MOVED[key] if is_results and key in RESULTS_MOVED else MOVED[key]
        problems.append(source.problem("E130", message, (key,)))
    return problems
