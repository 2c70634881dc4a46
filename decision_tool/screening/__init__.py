"""Pure decisions: the compiled plan, the engine, its one result object, scenarios run through the engine,
rule-change impact and the rules sandbox."""
