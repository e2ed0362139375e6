package slacktest

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

type text struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type element struct {
	Type     string `json:"type"`
	Text     any    `json:"text"` // a text object for buttons, a string for context elements
	ActionID string `json:"action_id"`
	Value    string `json:"value"`
}

type block struct {
	Type     string          `json:"type"`
	BlockID  string          `json:"block_id"`
	Text     *text           `json:"text"`
	Fields   []text          `json:"fields"`
	Elements json.RawMessage `json:"elements"`
}

// ValidateBlocks checks a message's blocks (JSON) against Block Kit's
// limits, as Slack does before it answers invalid_blocks: at most 50
// blocks; a header's plain text within 150 characters; a section's text
// within 3,000, its fields at most 10 of 2,000; buttons labelled in plain
// text within 75, action_id within 255, value within 2,000; at most 25
// elements in an actions block and 10 in a context block.
func ValidateBlocks(raw string) error {
	var blocks []block
	if err := json.Unmarshal([]byte(raw), &blocks); err != nil {
		return fmt.Errorf("blocks are not a JSON array of blocks: %w", err)
	}
	if len(blocks) > 50 {
		return fmt.Errorf("%d blocks: at most 50", len(blocks))
	}
	for i, b := range blocks {
		if err := checkBlock(b); err != nil {
			return fmt.Errorf("block %d (%s): %w", i, b.Type, err)
		}
	}
	return nil
}

func checkBlock(b block) error {
	if n := utf8.RuneCountInString(b.BlockID); n > 255 {
		return fmt.Errorf("block_id of %d characters", n)
	}
	switch b.Type {
	case "header":
		if b.Text == nil || b.Text.Type != "plain_text" {
			return fmt.Errorf("a header needs plain_text")
		}
		return within("header text", b.Text.Text, 1, 150)
	case "section":
		return checkSection(b)
	case "actions":
		return checkElements(b.Elements, 25)
	case "context":
		return checkElements(b.Elements, 10)
	}
	return nil
}

func checkSection(b block) error {
	if b.Text == nil && len(b.Fields) == 0 {
		return fmt.Errorf("a section needs text or fields")
	}
	if b.Text != nil {
		if err := within("section text", b.Text.Text, 1, 3000); err != nil {
			return err
		}
	}
	if len(b.Fields) > 10 {
		return fmt.Errorf("%d fields: at most 10", len(b.Fields))
	}
	for _, f := range b.Fields {
		if err := within("field", f.Text, 1, 2000); err != nil {
			return err
		}
	}
	return nil
}

func checkElements(raw json.RawMessage, max int) error {
	var els []element
	if err := json.Unmarshal(raw, &els); err != nil {
		return fmt.Errorf("elements: %w", err)
	}
	if len(els) == 0 || len(els) > max {
		return fmt.Errorf("%d elements: 1 to %d", len(els), max)
	}
	for _, e := range els {
		if err := checkElement(e); err != nil {
			return err
		}
	}
	return nil
}

func checkElement(e element) error {
	switch t := e.Text.(type) {
	case string: // mrkdwn or plain_text in a context block
		return within("context text", t, 1, 3000)
	case map[string]any:
		label, _ := t["text"].(string)
		if e.Type == "button" {
			if t["type"] != "plain_text" {
				return fmt.Errorf("a button label must be plain_text")
			}
			if err := within("button label", label, 1, 75); err != nil {
				return err
			}
		}
	}
	if err := within("action_id", e.ActionID, 0, 255); err != nil {
		return err
	}
	return within("button value", e.Value, 0, 2000)
}

func within(what, s string, min, max int) error {
	if n := utf8.RuneCountInString(s); n < min || n > max {
		return fmt.Errorf("%s of %d characters: %d to %d", what, n, min, max)
	}
	return nil
}
