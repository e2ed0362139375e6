// Package slack is Tandem's Slack integration: it verifies and decodes
// what Slack sends (slash commands, buttons, events; over HTTP or Socket
// Mode) into platform-neutral chat requests, and it carries out the chat
// effects of incidents on Slack: a channel per incident, a Block Kit card
// edited in place, timeline entries, invitations and team-channel posts.
//
// No slack-go type leaves this package: callers see chat.Request,
// chat.Response, incident values and *chat.DeliveryError.
package slack
