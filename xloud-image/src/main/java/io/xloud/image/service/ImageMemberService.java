package io.xloud.image.service;

import io.xloud.core.auth.AuthContext;
import io.xloud.core.error.ApiException;
import io.xloud.image.store.ImageStore;

import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The projects an image is shared with. Only shared images have members; the owner adds and removes them, and
 * each member alone accepts or rejects. The owner sees every member, a member only itself.
 */
public final class ImageMemberService
{
    private static final Set<String> STATUSES = Set.of(ImageMember.PENDING, ImageMember.ACCEPTED, ImageMember.REJECTED);
    private static final int MAX_MEMBER_LENGTH = 255;

    private final ImageService images;
    private final ImageStore store;

    public ImageMemberService(ImageService images)
    {
        this.images = requireNonNull(images, "images is null");
        this.store = images.store();
    }

    private Image shared(AuthContext caller, String imageId)
    {
        Image image = images.visible(caller, imageId);
        if (!image.visibility().equals(Image.SHARED)) {
            throw new ApiException(ImageErrorCode.FORBIDDEN, "Only shared images have members.");
        }
        return image;
    }

    private static boolean seesAll(AuthContext caller, Image image)
    {
        return ImageService.isAdmin(caller) || image.owner().equals(ImageService.project(caller));
    }

    public ImageMember add(AuthContext caller, String imageId, String memberId)
    {
        if (memberId.isEmpty() || memberId.length() > MAX_MEMBER_LENGTH) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Invalid member id: it must be 1 to " + MAX_MEMBER_LENGTH + " characters.");
        }
        ImageAttributes.text(memberId);
        Image image = shared(caller, imageId);
        if (!seesAll(caller, image)) {
            throw new ApiException(ImageErrorCode.FORBIDDEN, "Only the image owner can add members.");
        }
        if (store.memberCount(imageId) >= images.limits().maxMembers()) {
            throw new ApiException(ImageErrorCode.REQUEST_ENTITY_TOO_LARGE, "Maximum number of image members exceeded ("
                    + images.limits().maxMembers() + ").");
        }
        java.time.Instant now = images.now();
        ImageMember member = new ImageMember(imageId, memberId, ImageMember.PENDING, now, now);
        boolean added = store.work().inTransaction(() -> {
            if (!store.insertMember(member)) {
                return false;
            }
            images.publish("image.member.create", image);
            return true;
        });
        if (!added) {
            throw new ApiException(ImageErrorCode.CONFLICT, "Member " + memberId + " already associated with image " + imageId + ".");
        }
        return member;
    }

    public List<ImageMember> list(AuthContext caller, String imageId)
    {
        Image image = shared(caller, imageId);
        List<ImageMember> members = store.members(imageId);
        if (seesAll(caller, image)) {
            return members;
        }
        String me = ImageService.project(caller);
        return members.stream().filter(member -> member.memberId().equals(me)).toList();
    }

    public ImageMember show(AuthContext caller, String imageId, String memberId)
    {
        Image image = shared(caller, imageId);
        if (!seesAll(caller, image) && !memberId.equals(ImageService.project(caller))) {
            throw notMember(imageId, memberId);
        }
        return store.member(imageId, memberId).orElseThrow(() -> notMember(imageId, memberId));
    }

    /** A member's answer; only the member itself may give it. */
    public ImageMember update(AuthContext caller, String imageId, String memberId, String status)
    {
        if (!STATUSES.contains(status)) {
            throw new ApiException(ImageErrorCode.BAD_REQUEST, "Invalid status: " + ImageAttributes.shorten(status)
                    + "; it must be pending, accepted or rejected.");
        }
        Image image = shared(caller, imageId);
        ImageMember current = store.member(imageId, memberId).orElseThrow(() -> notMember(imageId, memberId));
        if (!memberId.equals(ImageService.project(caller)) && !ImageService.isAdmin(caller)) {
            throw new ApiException(ImageErrorCode.FORBIDDEN, "Only the member can change its membership status.");
        }
        ImageMember updated = new ImageMember(imageId, memberId, status, current.createdAt(), images.now());
        store.work().inTransaction(() -> {
            store.updateMember(updated);
            images.publish("image.member.update", image);
            return null;
        });
        return updated;
    }

    public void delete(AuthContext caller, String imageId, String memberId)
    {
        Image image = shared(caller, imageId);
        if (!seesAll(caller, image)) {
            throw new ApiException(ImageErrorCode.FORBIDDEN, "Only the image owner can remove members.");
        }
        boolean deleted = store.work().inTransaction(() -> {
            if (!store.deleteMember(imageId, memberId)) {
                return false;
            }
            images.publish("image.member.delete", image);
            return true;
        });
        if (!deleted) {
            throw notMember(imageId, memberId);
        }
    }

    private static ApiException notMember(String imageId, String memberId)
    {
        return new ApiException(ImageErrorCode.NOT_FOUND, ImageAttributes.shorten(memberId) + " is not a member of image " + imageId + ".");
    }
}
