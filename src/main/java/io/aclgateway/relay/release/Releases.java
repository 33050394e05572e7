package io.aclgateway.relay.release;

import java.util.List;

/** The room releases in force, as the live-reloaded release file says. */
public interface Releases {

	/** The releases in force now; an empty list when there is no file. */
	List<RoomRelease> current();

}
