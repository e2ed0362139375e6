package faults

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem/integrations/slack/slacktest"
)

// slackCommand sends "/incident text" typed by user, signed the way Slack
// signs it, and returns the HTTP status (0: nothing answered). It does not
// go through slacktest.Sender, whose failures end the test: here a bot that
// is down is part of the scenario.
func slackCommand(fake *slacktest.Server, base, user, channel, text string, seq int) int {
	id := "faults-" + strconv.Itoa(seq)
	form := url.Values{
		"token": {"legacy-verification-token"}, "team_id": {"TTEST"}, "team_domain": {"test"},
		"channel_id": {channel}, "channel_name": {"channel"}, "user_id": {user}, "user_name": {strings.ToLower(user)},
		"command": {"/incident"}, "text": {text}, "api_app_id": {"ATANDEM"},
		"response_url": {fake.URL + "/respond/" + id}, "trigger_id": {id + ".1234.abcdef"},
	}
	body := form.Encode()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	code, _ := post(base+"/slack/commands", body, map[string]string{
		"Content-Type":              "application/x-www-form-urlencoded",
		"X-Slack-Request-Timestamp": ts,
		"X-Slack-Signature":         slacktest.Signature(slackSecret, ts, []byte(body)),
	})
	return code
}

// roomReport is what a Slack room shows: how many cards, the timeline
// posts (each starts with the entry's time as a Slack date token), other
// notices (e.g. the post-incident review's), and the messages posted more
// than once (the same text, which carries the entry's time to the second,
// twice).
type roomReport struct {
	cards      int
	messages   []string
	notices    []string
	duplicates []string
}

func readRoom(fake *slacktest.Server, channel string) roomReport {
	var r roomReport
	seen := map[string]bool{}
	for _, m := range fake.Messages(channel) {
		if m.Blocks != "" && strings.HasPrefix(m.Text, "INC-") {
			r.cards++
			continue
		}
		if seen[m.Text] {
			r.duplicates = append(r.duplicates, m.Text)
		}
		seen[m.Text] = true
		if strings.HasPrefix(m.Text, "<!date^") {
			r.messages = append(r.messages, m.Text)
		} else {
			r.notices = append(r.notices, m.Text)
		}
	}
	return r
}

// shows reports whether a room message is the post of a timeline entry at
// unix time at with description desc (already escaped for Slack).
func shows(msg string, at int64, desc string) bool {
	return strings.HasPrefix(msg, fmt.Sprintf("<!date^%d^", at)) && strings.Contains(msg, desc)
}
