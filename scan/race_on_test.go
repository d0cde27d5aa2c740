//go:build race

package scan

// raceDetector is set when the tests run with -race, which makes the
// largest hostile inputs several times slower to parse.
const raceDetector = true
