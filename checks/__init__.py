"""Rule families: one module per family, each rule a function registered with
auditor.rules.rule. `trial-audit rules` lists them; `trial-audit explain ID` prints the docs.
To find a rule by id: grep -rn '"AGE001"' checks/."""
