package infisical

/*
#include <stdlib.h>
#include <infisical/infisical.h>

extern void infisical_go_wipe_free(char *p);
*/
import "C"

import (
	"context"
	"time"
	"unsafe"
)

// Connection is one Northflank App Connection as the server described it,
// copied into Go values (nothing to free). A string the server did not send
// is "", a time it did not send is the zero time, a boolean it did not send
// is nil.
type Connection struct {
	ID, Name, Description, App, Method string
	ProjectID, OrgID                   string
	Version                            int64 // goes up with each update
	CreatedAt, UpdatedAt               time.Time
	PlatformManagedCredentials         *bool
	AutoRotationEnabled                *bool // newer servers only
	GatewayID, GatewayPoolID           string
	CredentialsHash                    string // opaque; changes when the token is rotated
	ProjectName, ProjectSlug           string // newer servers only
	ProjectType                        string
}

func goTime(ms C.int64_t) time.Time {
	if ms == C.INFISICAL_TIME_ABSENT {
		return time.Time{}
	}
	return time.UnixMilli(int64(ms)).UTC()
}

func goBool(v C.int) *bool {
	if v == C.INFISICAL_ABSENT {
		return nil
	}
	b := v == C.INFISICAL_TRUE
	return &b
}

func connection(c *C.infisical_connection) *Connection {
	return &Connection{
		ID:                         C.GoString(C.infisical_connection_id(c)),
		Name:                       C.GoString(C.infisical_connection_name(c)),
		Description:                C.GoString(C.infisical_connection_description(c)),
		App:                        C.GoString(C.infisical_connection_app(c)),
		Method:                     C.GoString(C.infisical_connection_method(c)),
		ProjectID:                  C.GoString(C.infisical_connection_project_id(c)),
		OrgID:                      C.GoString(C.infisical_connection_org_id(c)),
		Version:                    int64(C.infisical_connection_version(c)),
		CreatedAt:                  goTime(C.infisical_connection_created_at_ms(c)),
		UpdatedAt:                  goTime(C.infisical_connection_updated_at_ms(c)),
		PlatformManagedCredentials: goBool(C.infisical_connection_is_platform_managed_credentials(c)),
		AutoRotationEnabled:        goBool(C.infisical_connection_is_auto_rotation_enabled(c)),
		GatewayID:                  C.GoString(C.infisical_connection_gateway_id(c)),
		GatewayPoolID:              C.GoString(C.infisical_connection_gateway_pool_id(c)),
		CredentialsHash:            C.GoString(C.infisical_connection_credentials_hash(c)),
		ProjectName:                C.GoString(C.infisical_connection_project_name(c)),
		ProjectSlug:                C.GoString(C.infisical_connection_project_slug(c)),
		ProjectType:                C.GoString(C.infisical_connection_project_type(c)),
	}
}

// CredentialsChanged reports whether the credentials of c differ from those
// of an earlier snapshot of the same connection, as
// infisical_connection_credentials_changed() decides: both must be
// snapshots of one connection and carry a credentials hash, else ErrInvalid.
func (c *Connection) CredentialsChanged(before *Connection) (bool, error) {
	switch {
	case before == nil || c == nil:
		return false, &Error{Code: ErrInvalid, Message: "before: must not be nil"}
	case before.ID == "" || before.ID != c.ID:
		return false, &Error{Code: ErrInvalid, Message: "after: is a snapshot of a different connection than before"}
	case before.CredentialsHash == "" || c.CredentialsHash == "":
		return false, &Error{Code: ErrInvalid, Message: "has no credentials hash (the server did not send one)"}
	}
	return before.CredentialsHash != c.CredentialsHash, nil
}

// CreateParams are the fields of a new connection. Name and APIToken are
// required; the rest may be left empty.
type CreateParams struct {
	Name        string
	APIToken    string // the Northflank API token; its C copy is wiped after use
	Description string
	ProjectID   string // for a project-level connection
	// Preflight checks the token against Northflank first; a token lacking a
	// permission fails with ErrPreflight and nothing is sent to Infisical.
	// CheckWrite also tests Update (an empty PATCH).
	Preflight, CheckWrite bool
}

// UpdateParams are the changes of an update: a nil field is left as it is.
type UpdateParams struct {
	Name             *string
	Description      *string
	ClearDescription bool    // sets the description to null
	APIToken         *string // rotates the token
	// Preflight checks a new APIToken against Northflank first.
	Preflight, CheckWrite bool
}

// params builds the C parameters object, or returns an error naming the
// field. The caller frees it with infisical_northflank_params_free (which
// wipes the token inside).
func params(name, description, projectID, token *string, clearDescription, preflight, checkWrite bool) (*C.infisical_northflank_params, error) {
	var p *C.infisical_northflank_params
	var e *C.infisical_error
	if err := check(C.infisical_northflank_params_new(&p, &e), e); err != nil {
		return nil, err
	}
	fail := func(err error) (*C.infisical_northflank_params, error) {
		C.infisical_northflank_params_free(p)
		return nil, err
	}
	setters := []struct {
		value  *string
		secret bool
		set    func(*C.char) C.int
	}{
		{name, false, func(s *C.char) C.int { return C.infisical_northflank_params_set_name(p, s, &e) }},
		{description, false, func(s *C.char) C.int { return C.infisical_northflank_params_set_description(p, s, &e) }},
		{projectID, false, func(s *C.char) C.int { return C.infisical_northflank_params_set_project_id(p, s, &e) }},
		{token, true, func(s *C.char) C.int { return C.infisical_northflank_params_set_api_token(p, s, &e) }},
	}
	for _, f := range setters {
		if f.value == nil {
			continue
		}
		s := C.CString(*f.value)
		err := check(f.set(s), e)
		if f.secret {
			C.infisical_go_wipe_free(s)
		} else {
			C.free(unsafe.Pointer(s))
		}
		if err != nil {
			return fail(err)
		}
	}
	if clearDescription {
		if err := check(C.infisical_northflank_params_set_description(p, nil, &e), e); err != nil {
			return fail(err)
		}
	}
	if preflight {
		flags := C.uint32_t(0)
		if checkWrite {
			flags = C.INFISICAL_PREFLIGHT_CHECK_WRITE
		}
		if err := check(C.infisical_northflank_params_set_preflight(p, 1, flags, &e), e); err != nil {
			return fail(err)
		}
	}
	return p, nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// one runs an operation that answers with one connection.
func (cl *Client) one(ctx context.Context, op func(c *C.infisical_client, out **C.infisical_connection, o *C.infisical_call_options, e **C.infisical_error) C.int) (*Connection, error) {
	var out *C.infisical_connection
	err := cl.call(ctx, func(c *C.infisical_client, o *C.infisical_call_options, e **C.infisical_error) C.int {
		return op(c, &out, o, e)
	})
	if err != nil {
		return nil, err
	}
	defer C.infisical_connection_free(out)
	return connection(out), nil
}

// Create creates a connection holding a Northflank API token.
func (cl *Client) Create(ctx context.Context, p CreateParams) (*Connection, error) {
	cp, err := params(&p.Name, nonEmpty(p.Description), nonEmpty(p.ProjectID), &p.APIToken, false, p.Preflight, p.CheckWrite)
	if err != nil {
		return nil, err
	}
	defer C.infisical_northflank_params_free(cp)
	return cl.one(ctx, func(c *C.infisical_client, out **C.infisical_connection, o *C.infisical_call_options, e **C.infisical_error) C.int {
		return C.infisical_northflank_create(c, cp, out, o, e)
	})
}

// Get gets a connection by id; errors.Is(err, ErrNotFound) when there is none.
func (cl *Client) Get(ctx context.Context, id string) (*Connection, error) {
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	return cl.one(ctx, func(c *C.infisical_client, out **C.infisical_connection, o *C.infisical_call_options, e **C.infisical_error) C.int {
		return C.infisical_northflank_get(c, cid, out, o, e)
	})
}

// GetByName gets a connection by name: an organization-level one when
// projectID is "", else the project's.
func (cl *Client) GetByName(ctx context.Context, name, projectID string) (*Connection, error) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var cproject *C.char
	if projectID != "" {
		cproject = C.CString(projectID)
		defer C.free(unsafe.Pointer(cproject))
	}
	return cl.one(ctx, func(c *C.infisical_client, out **C.infisical_connection, o *C.infisical_call_options, e **C.infisical_error) C.int {
		return C.infisical_northflank_get_by_name(c, cname, cproject, out, o, e)
	})
}

func (cl *Client) list(ctx context.Context, projectID string, available bool) ([]*Connection, error) {
	var cproject *C.char
	if projectID != "" {
		cproject = C.CString(projectID)
		defer C.free(unsafe.Pointer(cproject))
	}
	var list *C.infisical_connection_list
	err := cl.call(ctx, func(c *C.infisical_client, o *C.infisical_call_options, e **C.infisical_error) C.int {
		if available {
			return C.infisical_northflank_list_available(c, cproject, &list, o, e)
		}
		return C.infisical_northflank_list(c, cproject, &list, o, e)
	})
	if err != nil {
		return nil, err
	}
	defer C.infisical_connection_list_free(list)
	n := C.infisical_connection_list_count(list)
	conns := make([]*Connection, 0, int(n))
	for i := C.uint32_t(0); i < n; i++ {
		conns = append(conns, connection(C.infisical_connection_list_at(list, i)))
	}
	return conns, nil
}

// List lists the connections the identity may read, sorted by name: the
// organization's when projectID is "", else the project's.
func (cl *Client) List(ctx context.Context, projectID string) ([]*Connection, error) {
	return cl.list(ctx, projectID, false)
}

// ListAvailable lists the connections the identity may use (id, name, app,
// project and organization only).
func (cl *Client) ListAvailable(ctx context.Context, projectID string) ([]*Connection, error) {
	return cl.list(ctx, projectID, true)
}

// Update renames, re-describes or rotates the token of a connection; only
// the fields set in p change.
func (cl *Client) Update(ctx context.Context, id string, p UpdateParams) (*Connection, error) {
	cp, err := params(p.Name, p.Description, nil, p.APIToken, p.ClearDescription, p.Preflight, p.CheckWrite)
	if err != nil {
		return nil, err
	}
	defer C.infisical_northflank_params_free(cp)
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	return cl.one(ctx, func(c *C.infisical_client, out **C.infisical_connection, o *C.infisical_call_options, e **C.infisical_error) C.int {
		return C.infisical_northflank_update(c, cid, cp, out, o, e)
	})
}

// Delete deletes a connection and returns the deleted record.
func (cl *Client) Delete(ctx context.Context, id string) (*Connection, error) {
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	return cl.one(ctx, func(c *C.infisical_client, out **C.infisical_connection, o *C.infisical_call_options, e **C.infisical_error) C.int {
		return C.infisical_northflank_delete(c, cid, out, o, e)
	})
}
