// Package teamstest is a fake Microsoft Teams for tests, speaking the
// wire formats Tandem's integrations/teams uses, as Microsoft documents
// them:
//
//   - the identity platform's token endpoint, OAuth 2.0 client
//     credentials ("Microsoft identity platform and the OAuth 2.0 client
//     credentials flow": POST /{tenant}/oauth2/v2.0/token, form-encoded,
//     answering {token_type, expires_in, access_token});
//   - Bot Framework's OpenID metadata document and its JWKS, with a test
//     RSA key, and tokens signed by it as the Bot Connector signs them
//     ("Authenticate requests from the Bot Connector service to your bot":
//     RS256, iss https://api.botframework.com, aud the app ID, serviceurl);
//   - the connector REST API ("Bot Connector API reference"): POST
//     /v3/conversations (a new thread in channelData.channel.id, answering
//     {id, activityId}), POST /v3/conversations/{id}/activities, PUT
//     /v3/conversations/{id}/activities/{activityId}, GET
//     /v3/conversations/{id}/members/{userId};
//   - Microsoft Graph "Create channel" (POST /teams/{team-id}/channels,
//     400 NameAlreadyExists on a taken name) and "List channels" with
//     $filter on displayName (application permission Channel.ReadBasic.All;
//     an unknown team is 404 NotFound "No team found with Group Id …");
//   - faults: any route answers a status (429 with Retry-After, 5xx) the
//     next n times ("Rate limiting for bots": HTTP 429 with Retry-After).
//
// Sender plays Teams' side of the messaging endpoint: it signs each
// activity's token with the fake's key and posts it to the bot.
package teamstest
