package handlers

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/tandemhq/tandem/chat"
	"github.com/tandemhq/tandem/incident"
)

// Customers is what the MSP's desk reaches of the customers it serves
// (package tenants implements it): one customer at a time, each through its
// own use cases, so every rule of the customer (its scope for the MSP, its
// directory, its ladder) applies as if the command were typed there.
type Customers interface {
	// Served lists the running customers whose config refers to the desk,
	// in name order.
	Served() []string
	// Customer returns a served customer's use cases and a release to call
	// when done with them; ok is false when it is not served or not running.
	Customer(name string) (svc *Service, release func(), ok bool)
}

// customerID is an incident named across customers: "acme/INC-3".
var customerID = regexp.MustCompile(`\b([a-z0-9-]{1,40})/(INC-[0-9]+)\b`)

// desk answers, on the MSP's desk only, the commands that reach across
// customers: `list` (every served customer's open incidents the asker may
// see there) and any command naming customer/INC-n, run in that customer
// as the same chat user. ok is false for everything else, which the desk
// answers like any Tandem. The asker must be a member of the desk.
func (s *Service) desk(ctx context.Context, req chat.Request) (resp chat.Response, ok bool, err error) {
	if s.opt.Customers == nil || req.Action != "" {
		return chat.Response{}, false, nil
	}
	words := strings.Fields(req.Text)
	isList := len(words) == 1 && words[0] == "list"
	m := customerID.FindStringSubmatchIndex(req.Text)
	if !isList && m == nil {
		return chat.Response{}, false, nil
	}
	if _, known := s.opt.Directory.Lookup(req.Platform, req.User); !known {
		return chat.Response{}, true, incident.Errorf(incident.EUnauthorized,
			"Tandem does not know you (%s user %s). Ask an admin to add you to a team in msp.yaml.", req.Platform, req.User)
	}
	if isList {
		return s.deskList(ctx, req), true, nil
	}
	name, id := req.Text[m[2]:m[3]], req.Text[m[4]:m[5]]
	resp, err = s.inCustomer(ctx, req, name, req.Text[:m[0]]+id+req.Text[m[1]:])
	return resp, true, err
}

// inCustomer runs text in customer name as the asker, and names the
// incidents of the answer as that customer's.
func (s *Service) inCustomer(ctx context.Context, req chat.Request, name, text string) (chat.Response, error) {
	svc, release, ok := s.opt.Customers.Customer(name)
	if !ok {
		return chat.Response{}, incident.Errorf(incident.ENotFound,
			"this desk serves no customer %q (it serves %s)", name, strings.Join(s.opt.Customers.Served(), ", "))
	}
	defer release()
	req.Text, req.Channel, req.Thread = text, "", "" // the desk's channel is no room of the customer's
	resp := svc.Handle(ctx, req)
	resp.Text = incidentIDs.ReplaceAllString(resp.Text, name+"/$0")
	return resp, nil
}

// incidentIDs finds incident IDs in an answer.
var incidentIDs = regexp.MustCompile(`\bINC-[0-9]+\b`)

// deskList lists every served customer's open incidents that the asker
// may see there (within that customer's scope for the MSP), customer by
// customer, named customer/INC-n.
func (s *Service) deskList(ctx context.Context, req chat.Request) chat.Response {
	now := s.opt.Now()
	var lines []string
	for _, name := range s.opt.Customers.Served() {
		incs, err := s.customerIncidents(ctx, name, req)
		if err != nil {
			lines = append(lines, fmt.Sprintf("%s: not listed (%s)", name, incident.ErrorMessage(err)))
			continue
		}
		for _, inc := range incs {
			inc.ID = name + "/" + inc.ID
			lines = append(lines, chat.ListLine(inc, now))
		}
	}
	if len(lines) == 0 {
		return chat.Private("No open incidents at any customer. 🎉")
	}
	return chat.Private(fmt.Sprintf("Open incidents across customers (%d):\n%s", len(lines), strings.Join(lines, "\n")))
}

// customerIncidents is customer name's open incidents its directory lets
// the asker see; none when the customer does not know the asker.
func (s *Service) customerIncidents(ctx context.Context, name string, req chat.Request) ([]incident.Incident, error) {
	svc, release, ok := s.opt.Customers.Customer(name)
	if !ok {
		return nil, incident.Errorf(incident.EConflict, "not running now")
	}
	defer release()
	m, known := svc.opt.Directory.Lookup(req.Platform, req.User)
	if !known {
		return nil, nil
	}
	return svc.visible(ctx, m)
}
