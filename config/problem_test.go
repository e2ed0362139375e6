package config

import (
	"testing"
)

func TestProblem(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p := Problem{File: "a.yaml", Line: 3, Col: 5, Msg: "boom"}
		if got := p.String(); got != "a.yaml:3:5: boom" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("NoPosition", func(t *testing.T) {
		p := Problem{File: "a.yaml", Msg: "config is empty"}
		if got := p.String(); got != "a.yaml: config is empty" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("ErrorOnePerLine", func(t *testing.T) {
		ps := Problems{{File: "f", Line: 1, Col: 2, Msg: "a"}, {File: "f", Line: 3, Col: 4, Msg: "b"}}
		if got := ps.Error(); got != "f:1:2: a\nf:3:4: b" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("SortedAndDeduplicated", func(t *testing.T) {
		got := sortProblems([]Problem{
			{Line: 9, Col: 1, Msg: "c"}, {Line: 2, Col: 7, Msg: "b"}, {Line: 2, Col: 3, Msg: "a"}, {Line: 9, Col: 1, Msg: "c"},
		})
		want := []Problem{{Line: 2, Col: 3, Msg: "a"}, {Line: 2, Col: 7, Msg: "b"}, {Line: 9, Col: 1, Msg: "c"}}
		if len(got) != len(want) {
			t.Fatalf("got %v", got)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("got %v, want %v", got, want)
			}
		}
	})
}
