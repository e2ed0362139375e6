package discord

import (
	"encoding/json"
	"errors"
)

// Discord's JSON error codes that rooms run into.
const (
	codeUnknownChannel   = 10003 // the channel (or category) is gone
	codeMaxGuildChannels = 30013 // "Maximum number of guild channels reached (500)"
	codeInvalidFormBody  = 50035
)

// Form error codes of parent_id (they have no JSON error code of their own).
const (
	parentFull    = "CHANNEL_PARENT_MAX_CHANNELS" // "Maximum number of channels in category reached (50)"
	parentInvalid = "CHANNEL_PARENT_INVALID"      // "Category does not exist"
)

// formErrors reads an Invalid Form Body's errors object,
// {"parent_id": {"_errors": [{"code": "…", "message": "…"}]}}, into each
// top-level field's first code. Nested fields are left out: Tandem acts on
// top-level ones only.
func formErrors(body []byte) map[string]string {
	var in struct {
		Errors map[string]struct {
			Errors []struct {
				Code string `json:"code"`
			} `json:"_errors"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &in) != nil || len(in.Errors) == 0 {
		return nil
	}
	out := map[string]string{}
	for field, e := range in.Errors {
		if len(e.Errors) > 0 {
			out[field] = e.Errors[0].Code
		}
	}
	return out
}

// fieldCode returns Discord's form error code for field in err, or "".
func fieldCode(err error, field string) string {
	var e *APIError
	if !errors.As(err, &e) || e.Code != codeInvalidFormBody {
		return ""
	}
	return e.Fields[field]
}
