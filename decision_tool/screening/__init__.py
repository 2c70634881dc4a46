"""Pure decisions: the compiled plan, the engine, its one result object, and what is built on assessing
(re-assessing earlier records, rule-change impact, the rules sandbox)."""
