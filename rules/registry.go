package rules

// All is the catalogue, sorted by ID.
var All = []*Rule{}
