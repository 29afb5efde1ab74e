// Before any test module loads @forge/api: its `fetch` keeps the global fetch of the moment it loads, so the local
// runtime's egress guard (which checks and routes outbound calls made inside an invocation) must be in place first.
import '../../local/runtime/egress';
