// Package halopsa is a HaloPSA REST client for what Tandem does with
// tickets: an OAuth2 client-credentials token (POST {auth_url}, form
// grant_type=client_credentials, client_id, client_secret, scope=all, and
// tenant on hosted Halo), cached until it expires; tickets opened and
// changed with POST /api/Tickets (a JSON array of tickets; Halo creates a
// ticket without an id and updates the one with it), read with
// GET /api/Tickets/{id} and found by reference with
// GET /api/Tickets?client_ref=; notes and status changes as actions
// (POST /api/Actions, a JSON array; GET /api/Actions?ticket_id=); and the
// decoding of the outbound webhooks Halo sends (a JSON body holding the
// ticket and, for an action event, the action).
//
// Failures come back as *chat.DeliveryError: 429 retried after its
// Retry-After, 5xx and network errors retried with backoff, 401 retried
// once the cached token is dropped, any other 4xx permanent with Halo's
// error text. HaloPSA's API reference as summarised at
// https://kb.dtctoday.com/books/halopsa-api-reference (ticket-endpoints,
// action-endpoints, action-endpoints-cont, automation-endpoints-part-3)
// and the client-credentials flow of the HaloAPI PowerShell module
// (Connect-HaloAPI: client id and secret, scope "all", tenant) are what
// the wire format follows; halopsatest is a fake built from the same.
package halopsa
