package handlers

import (
	"testing"

	"github.com/tandemhq/tandem/chat"
)

// Every command of the grammar has a handler, and every handler a command
// of the grammar (help is answered before dispatch); so are the buttons.
func TestEveryGrammarCommandIsDispatched(t *testing.T) {
	for _, d := range chat.Defs {
		if _, ok := commands[d.Name]; !ok && d.Name != "help" {
			t.Errorf("/incident %s has no row in commands", d.Name)
		}
	}
	for name := range commands {
		if _, ok := chat.Lookup(name); !ok {
			t.Errorf("commands has %q, which the grammar does not define", name)
		}
	}
	for action, name := range Buttons {
		if def, _ := chat.Lookup(name); commands[name] == nil || !def.TakesID {
			t.Errorf("button %q runs %q, which is not an incident command", action, name)
		}
	}
}
