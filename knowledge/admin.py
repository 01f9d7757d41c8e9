from django.contrib import admin

from knowledge.models import CaseStudy, CaseStudyAttachment, CaseStudyEvent, Reference, Tool
from markup import render_markdown


@admin.register(Tool)
class ToolAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "updated_at"]
    list_filter = ["category"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["related_tools"]

    def save_model(self, request, obj, form, change):
        obj.body_html = render_markdown(obj.body)
        super().save_model(request, obj, form, change)


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "authors", "year", "status"]
    list_filter = ["status", "year"]
    search_fields = ["title", "authors", "publisher"]
    filter_horizontal = ["related_tools"]
    raw_id_fields = ["created_by", "source_thread"]


class AttachmentInline(admin.TabularInline):
    model = CaseStudyAttachment
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "is_image"]


class HistoryInline(admin.TabularInline):
    model = CaseStudyEvent
    extra = 0
    readonly_fields = ["actor", "from_status", "to_status", "comment", "created_at"]
    can_delete = False


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    """Read-mostly: curation goes through the review page so authors are notified and history is kept."""

    list_display = ["title", "author", "status", "region", "updated_at"]
    list_filter = ["status", "region"]
    search_fields = ["title", "river_basins", "author__email"]
    list_select_related = ["author"]
    raw_id_fields = ["author", "source_thread"]
    readonly_fields = ["status", "decline_reason", "submitted_at", "published_at"]
    inlines = [AttachmentInline, HistoryInline]
