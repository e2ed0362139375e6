package pagerduty

import (
	"context"
	"errors"
	"fmt"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"
)

// CheckRoutingKey sends one change event with routing key key: PagerDuty
// files it on the service's "Recent changes" and notifies nobody, so it
// proves the key is accepted without paging anyone (`tandem doctor`).
// A refusal is a *SendError naming PagerDuty's reason.
func (s *Sender) CheckRoutingKey(ctx context.Context, key string, now time.Time) error {
	var a answer
	_, err := s.client.CreateChangeEventWithContext(withAnswer(ctx, &a), pd.ChangeEvent{
		RoutingKey: key,
		Payload: pd.ChangeEventPayload{Summary: "Tandem doctor: checking this integration key (no action needed)",
			Source: "tandem doctor", Timestamp: now.UTC().Format(time.RFC3339)},
	})
	if err == nil {
		return nil
	}
	var apiErr pd.APIError
	if !errors.As(err, &apiErr) || a.status == 0 {
		return fmt.Errorf("send a change event to PagerDuty: %w", err)
	}
	return refusal(a)
}

// CheckToken reads GET /abilities, which any valid REST API token may
// read: an error says the token is refused or PagerDuty unreachable.
func (c *Client) CheckToken(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, restTimeout)
	defer cancel()
	if _, err := c.pd.ListAbilitiesWithContext(ctx); err != nil {
		return fmt.Errorf("PagerDuty REST API (GET /abilities): %w", err)
	}
	return nil
}
