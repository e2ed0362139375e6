// Package teams speaks Microsoft Teams through the Bot Framework: it
// verifies the JWT on every inbound activity (auth.go), decodes activities
// (activity.go), answers @mentions and Adaptive Card Action.Execute
// invokes (inbound.go), and posts through the connector REST API with an
// OAuth 2.0 client-credentials token (token.go, connector.go): a thread in
// a team's channel per incident by default (threads.go) or, with
// Microsoft Graph, a channel per incident (graph.go, client.go). The
// incident card is an Adaptive Card 1.5 (card.go).
//
// The wire formats follow Microsoft's documentation: "Authenticate
// requests from the Bot Connector service to your bot"
// (learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication),
// "Send proactive messages" and "Create a conversation in a channel"
// (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages),
// "Universal Actions for Adaptive Cards" (the adaptiveCard/action invoke
// and its AdaptiveCardInvokeResponse), "Rate limiting for bots"
// (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit) and
// Microsoft Graph "Create channel" (POST /teams/{team-id}/channels).
// No jwt or jose type leaves this package.
package teams
