# Two commands on a fresh machine:  `make ask`  (an answer from the CLI)  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
Q      ?= 2024年1至11月马驹桥镇规上工业产值是多少？

.PHONY: setup setup-dev test-tools ask app serve index test eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

setup: $(BIN)/python          ## the library, CLI, UI, HTTP API and `mjq add`
	$(BIN)/pip install -q -e '.[ui,llm,eval,api,ingest]'

setup-dev: $(BIN)/python      ## + torch (CPU build, from this machine's disk) for the sentence-transformers path, + test tools
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[ui,llm,eval,api,ingest,st,test]'

test-tools:                   ## axe-core (npm) for the browser test's accessibility check
	@test -f .test-tools/node_modules/axe-core/axe.min.js || npm install --silent --prefix .test-tools axe-core@4

ask: setup                    ## answer one question (make ask Q="...")
	$(BIN)/mjq ask "$(Q)"

app: setup                    ## the chat UI on http://127.0.0.1:7860
	$(BIN)/python app.py

serve: setup                  ## the HTTP API and the UI on http://127.0.0.1:8000 (see README: keys, workers)
	$(BIN)/mjq serve

index: setup
	$(BIN)/mjq index

test: setup-dev test-tools    ## the whole test suite, evaluation gate included
	$(BIN)/python -m pytest

eval: setup
	$(BIN)/mjq eval --config all

bench: setup
	$(BIN)/python -m mjq_assistant.bench

clean:
	rm -rf $(VENV) build *.egg-info .test-tools
