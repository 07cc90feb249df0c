# make plan YEAR=2024 — build the 计划; make test — run the tests. The first run sets up
# everything (scripts/bootstrap.sh): Debian packages when run as root, fonts, .venv.
YEAR ?= 2024
PY := .venv/bin/python
READY := .venv/.ready

.PHONY: help plan scheme summary all build import check test setup clean diff new-year
help:
	@echo "make plan YEAR=2024     生成该年度的全部计划（DOCX 和 PDF，输出到 output/2024/）"
	@echo "make scheme YEAR=2024   生成全部方案"
	@echo "make summary YEAR=2024  生成全部总结"
	@echo "make all YEAR=2024      生成该年度的全部文档"
	@echo "make build DOC=nurses-day YEAR=2024   按编号生成一份文档（content/2024/nurses-day.yaml）"
	@echo "make import FILE=旧方案.docx  导入已有文档（.docx .doc .wps .txt .md .pdf，或一个文件夹）"
	@echo "make check              检查内容文件"
	@echo "make diff FROM=2023 TO=2024   比较两个年度的内容"
	@echo "make new-year YEAR=2025 以上一年度为起点创建新年度内容"
	@echo "make test               运行测试"

$(READY): pyproject.toml scripts/bootstrap.sh
	@scripts/bootstrap.sh
	@touch $@

plan scheme summary all: $(READY)
	@$(PY) -m pipeline build $@ --year $(YEAR)

build: $(READY)
	@$(PY) -m pipeline build $(DOC) --year $(YEAR)

import: $(READY)
	@$(PY) -m pipeline import $(FILE)

check: $(READY)
	@$(PY) -m pipeline check

diff: $(READY)  # exit 1 means "the years differ", which is the answer, not a failure of make
	@$(PY) -m pipeline diff $(FROM) $(TO) || [ $$? -eq 1 ]

new-year: $(READY)
	@$(PY) -m pipeline new-year $(YEAR)

test: $(READY)
	$(PY) -m pytest -q

# Also installs LibreOffice and Chromium, which tests use to open the DOCX and the diff report.
setup:
	@scripts/bootstrap.sh --for-tests
	@touch $(READY)

clean:
	rm -rf output
