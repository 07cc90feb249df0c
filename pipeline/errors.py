"""Problems are values: a stable code, where it is, and a Chinese message for the writer.

Only the CLI turns them into output and an exit status.
"""
from dataclasses import dataclass
from pathlib import Path

# Stable codes. Users search for them, so a code never changes meaning.
CODES = {
    "E100": "文件不是 UTF-8 编码",
    "E101": "YAML 语法错误",
    "E102": "未知字段",
    "E103": "缺少必填字段",
    "E104": "类型错误",
    "E105": "取值不在允许范围内",
    "E106": "编号重复",
    "E107": "引用了不存在的对象",
    "E108": "月份超出范围",
    "E109": "结束早于开始",
    "E110": "指标格式错误",
    "E111": "日期格式错误",
    "E112": "年度内容不存在",
    "E113": "年度与目录不符",
    "E114": "文件不存在",
    "E115": "不支持的文件类型",
    "E116": "无法取出版本",
    "E117": "用法错误",
    "E118": "年度已存在",
    "E119": "无法读取文档",
    "E120": "过时提法表有误",
    "E121": "内容层级过深或展开过大",
    "E130": "旧格式的字段已迁移",
    "E131": "字段不适用于该类文档",
    # E14x: pipeline import
    "E140": "缺少 LibreOffice，无法转换",
    "E141": "不支持导入的文件类型",
    "E142": "文件为空或没有正文",
    "E143": "文件过大",
    "E144": "文件已加密",
    "E145": "PDF 没有文字层",
    "E146": "导入目标已存在",
    "E147": "导入结果无法整理为内容",
    "E201": "模板错误",
    "E202": "缺少字体",
    "E203": "没有该编号或该类的文档",
    "E204": "写入失败",
    "E205": "输出目录正被另一次生成占用",
    "E299": "内部错误",
    "W301": "目标或任务没有报告结果",
    "W302": "沿用上年内容待复核",
    # E4xx / W4xx: content lint (pipeline/content/lint.py); codes are added there as rules are added.
    "E401": "遗留占位符",
    "E402": "网页残留文字",
    "W403": "括号或引号不成对",
    "E404": "标题中手工输入了序号",
    "E405": "正文中写了 Markdown 标题",
    "E406": "正文中含有 HTML 标签",
    "W410": "中文中使用了半角标点",
    "W411": "中文句末使用了半角句点",
    "W412": "全角数字或字母",
    "W413": "多余的空格",
    "W414": "标点重复",
    "W415": "折行处会产生空格",
    "W416": "标题末尾有标点",
    "W420": "手工编号不连续",
    "W421": "标题与正文粘连",
    "W430": "阶段超出年度",
    "W431": "阶段时间重叠",
    "W432": "完成时限不在本年度",
    "W433": "月份重复",
    "W434": "成文日期或标题年份与年度不符",
    "W435": "事件日期不在总结的时段内",
    "W436": "文中日期不存在",
    "W440": "目标没有对应的任务",
    "W441": "未完成的任务没有写下一步打算",
    "W450": "提法已过时",
}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    file: Path | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    fix: str | None = None  # how to fix it, where one exists (shown to the writer)

    @property
    def severity(self) -> str:
        return "error" if self.code.startswith("E") else "warning"

    def where(self) -> str:
        if self.file is None:
            return ""
        place = str(self.file)
        try:  # as the writer typed it: content/2024/plan.yaml, when under the current folder
            place = str(Path(self.file).resolve().relative_to(Path.cwd().resolve()))
        except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
            pass
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return place

    def __str__(self) -> str:
        where = self.where()
        head = f"{where}: " if where else ""
        tail = f"（建议：{self.fix}）" if self.fix else ""
        return f"{head}{self.code} {CODES[self.code]}：{self.message}{tail}"


class PipelineError(Exception):
    """Raised with every problem found, so the writer sees them all at once."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
