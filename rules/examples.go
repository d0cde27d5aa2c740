package rules

import "embed"

// examples holds the documentation snippets of every rule. They live in the
// fixture tree, rules/testdata/<ID>/doc/{bad,good}.{tf,yaml}, so that the
// snippets a docs page shows are the very files the fixture test runs.
//
//go:embed testdata/*/doc/*
var examples embed.FS

// example returns the snippet name of rule id. A missing snippet is a bug
// of the build, not of the input: it panics, which the registry test turns
// into a failure as soon as the rules package is loaded.
func example(id, name string) string {
	b, err := examples.ReadFile("testdata/" + id + "/doc/" + name)
	if err != nil {
		panic("rules: no documentation snippet: " + err.Error())
	}
	return string(b)
}
