package chat

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DeliveryError is how an outbound integration says what to do about a
// failed call: retry (after RetryAfter when the service said so, e.g. 429
// Retry-After), or give up (Permanent: a 4xx such as channel_not_found).
// Any other error is retried with backoff.
type DeliveryError struct {
	Permanent  bool
	RetryAfter time.Duration
	// Waiting means the effect waits for something else (its room being
	// created, another worker on the room): no attempt was spent.
	Waiting bool
	Err     error
}

func (e *DeliveryError) Error() string {
	switch {
	case e.Permanent:
		return "permanent: " + e.Err.Error()
	case e.RetryAfter > 0:
		return fmt.Sprintf("retry after %s: %v", e.RetryAfter, e.Err)
	}
	return e.Err.Error()
}

func (e *DeliveryError) Unwrap() error { return e.Err }

// Permanent marks err as not worth retrying.
func Permanent(err error) error { return &DeliveryError{Permanent: true, Err: err} }

// RetryAfter marks err as retryable no sooner than after.
func RetryAfter(after time.Duration, err error) error {
	return &DeliveryError{RetryAfter: after, Err: err}
}

// IsPermanent reports whether err says not to retry.
func IsPermanent(err error) bool {
	var d *DeliveryError
	return errors.As(err, &d) && d.Permanent
}

// RetryDelay returns the delay the service asked for, or 0.
func RetryDelay(err error) time.Duration {
	var d *DeliveryError
	if errors.As(err, &d) {
		return d.RetryAfter
	}
	return 0
}

// WaitFor says the effect must wait for something else to happen first; it
// is retried after d without counting as a failed attempt.
func WaitFor(d time.Duration, err error) error {
	return &DeliveryError{RetryAfter: d, Waiting: true, Err: err}
}

// IsWaiting reports whether err is a WaitFor.
func IsWaiting(err error) bool {
	var d *DeliveryError
	return errors.As(err, &d) && d.Waiting
}

// Sleep waits d, or until ctx ends (then it returns ctx's error): the
// pause every client takes before its next turn or attempt.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// StatusError says what the outbox should do about an HTTP answer with a
// non-2xx status code, err describing it: 429 is retried after its
// Retry-After (a second when it gives none), a 5xx after its Retry-After
// when it gives one or with backoff, and any other status is permanent.
// Every outbound HTTP integration maps its failures through it.
func StatusError(code int, h http.Header, err error) error {
	after := RetryAfterHeader(h)
	switch {
	case code == http.StatusTooManyRequests:
		return RetryAfter(max(after, time.Second), err)
	case code >= 500 && after > 0:
		return RetryAfter(after, err)
	case code >= 500:
		return err
	}
	return Permanent(err)
}

// RetryAfterHeader reads a Retry-After header given in seconds (0 when it
// is absent, not positive, or an HTTP date).
func RetryAfterHeader(h http.Header) time.Duration {
	secs, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After")))
	if err != nil || secs <= 0 {
		return 0
	}
	return time.Duration(secs) * time.Second
}
