// Package pagerduty connects Tandem to PagerDuty: pages go out through the
// Events API v2 (trigger, acknowledge, resolve, one dedup key per incident
// and team), acks and resolutions made in PagerDuty come back as v3
// webhooks, and a team's on-call person can be read from a PagerDuty
// schedule or escalation policy.
//
// The package hides github.com/PagerDuty/go-pagerduty completely: callers
// see Tandem's incident types, chat.DeliveryError for delivery outcomes, and
// the small types declared here.
package pagerduty
