package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tandemhq/tandem/chat"
)

// maxAltText bounds an image's alt text (alt_txt).
const maxAltText = 1000

// UploadFile posts a file (a post-incident review, a report's chart) in a
// channel, with comment as its message, through Slack's external upload:
// files.getUploadURLExternal hands out an upload URL and a file ID, the
// bytes are POSTed to that URL, and files.completeUploadExternal shares
// the file in the channel. A failure at any step is retried from the
// first: Slack discards an upload that is never completed, so only the
// last step posts anything, and a retry cannot post the file twice.
// The bot needs the files:write scope; without it Slack answers
// missing_scope, which is not retried.
func (c *Client) UploadFile(ctx context.Context, channel, filename string, data []byte, comment string) error {
	return c.upload(ctx, channel, "", filename, data, comment)
}

// upload is UploadFile, in the thread thread when it is set.
func (c *Client) upload(ctx context.Context, channel, thread, filename string, data []byte, comment string) error {
	switch {
	case filename == "":
		return chat.Permanent(errors.New("slack: a file needs a name"))
	case len(data) == 0:
		return chat.Permanent(fmt.Errorf("slack: file %s is empty", filename))
	}
	if err := c.limit.wait(ctx, channel); err != nil {
		return err
	}
	params := slack.GetUploadURLExternalParameters{FileName: filename, FileSize: len(data)}
	if isImage(filename) {
		params.AltTxt = chat.Truncate(comment, maxAltText)
	}
	u, err := c.api.GetUploadURLExternalContext(ctx, params)
	if err != nil {
		return deliveryError("files.getUploadURLExternal", err)
	}
	if err := c.mayUpload(u.UploadURL); err != nil {
		return chat.Permanent(err)
	}
	err = c.api.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL, Reader: bytes.NewReader(data), Filename: filename})
	if err != nil {
		return deliveryError("file upload", err)
	}
	_, err = c.api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
		Files: []slack.FileSummary{{ID: u.FileID, Title: filename}}, Channel: channel, InitialComment: escape(comment),
		ThreadTimestamp: thread,
	})
	return deliveryError("files.completeUploadExternal", err)
}

// mayUpload checks the upload URL Slack handed out the way slack-go does
// before it sends the token there (an https URL on slack.com or
// slack-gov.com, or the configured API URL's host), so that a URL it would
// refuse is a permanent failure here rather than a network error retried.
func (c *Client) mayUpload(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("slack files.getUploadURLExternal: bad upload URL %q", raw)
	}
	if u.Scheme == "https" {
		host := strings.ToLower(u.Hostname())
		for _, d := range []string{"slack.com", "slack-gov.com"} {
			if host == d || strings.HasSuffix(host, "."+d) {
				return nil
			}
		}
	}
	if c.opt.APIURL != "" {
		if api, err := url.Parse(c.opt.APIURL); err == nil && api.Host != "" && u.Scheme == api.Scheme && strings.EqualFold(u.Host, api.Host) {
			return nil
		}
	}
	return fmt.Errorf("slack files.getUploadURLExternal: upload URL on %s://%s is neither Slack's nor on the API URL's host", u.Scheme, u.Host)
}

// isImage reports whether a file is an image, which gets alt text.
func isImage(filename string) bool {
	return strings.HasPrefix(mime.TypeByExtension(strings.ToLower(filepath.Ext(filename))), "image/")
}
