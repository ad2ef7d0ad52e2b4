package store

import "net/http"

type poller struct{ last *http.Response }

// poll keeps the response in a field: whoever reads p.last closes its body.
func (p *poller) poll(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	p.last = resp
	return nil
}
