package slack_test

import (
	"net/http"

	"github.com/tandemhq/tandem/integrations/slack"
)

func httptestMux(in *slack.Inbound) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("POST /slack/commands", in.Commands())
	mux.Handle("POST /slack/interactions", in.Interactions())
	mux.Handle("POST /slack/events", in.Events())
	return mux
}
