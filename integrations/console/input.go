package console

import (
	"bufio"
	"context"
	"io"
	"strings"

	"github.com/tandemhq/tandem/chat"
)

// Handler answers a chat request.
type Handler func(ctx context.Context, req chat.Request) chat.Response

// ReadCommands reads lines from in until it ends or ctx is done: "/incident
// …" runs a command as the current person, "/as NAME" switches who is
// typing (a member of either side), anything else prints a hint.
func (c *Console) ReadCommands(ctx context.Context, in io.Reader, as string, handle Handler) {
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	c.printf("You are %s. Type /incident help, or /as NAME to be someone else.\n", as)
	for {
		select {
		case <-ctx.Done():
			return
		case line, ok := <-lines:
			if !ok {
				return
			}
			as = c.line(ctx, strings.TrimSpace(line), as, handle)
		}
	}
}

func (c *Console) line(ctx context.Context, line, as string, handle Handler) string {
	switch {
	case line == "":
	case strings.HasPrefix(line, "/as "):
		as = strings.TrimSpace(strings.TrimPrefix(line, "/as "))
		c.printf("You are now %s.\n", as)
	case line == "/incident" || strings.HasPrefix(line, "/incident "):
		resp := handle(ctx, chat.Request{Platform: "console", User: strings.ToLower(as), Name: as,
			Text: strings.TrimSpace(strings.TrimPrefix(line, "/incident"))})
		prefix := "» "
		if resp.Ephemeral {
			prefix = "» (only you) "
		}
		c.printf("%s%s\n", prefix, strings.ReplaceAll(resp.Text, "\n", "\n  "))
	case line == "/oncall" || strings.HasPrefix(line, "/oncall "):
		return c.line(ctx, "/incident "+strings.TrimPrefix(line, "/"), as, handle)
	default:
		c.printf("Type /incident help for commands, or /as NAME to switch person.\n")
	}
	return as
}
