from django.contrib import admin

from training.models import (
    CharterVersion,
    Consultation,
    DesignProgramme,
    GoodCase,
    Milestone,
    TrainingSession,
)


@admin.register(DesignProgramme)
class DesignProgrammeAdmin(admin.ModelAdmin):
    list_display = ["proposed_name", "organisation", "stage", "preparatory_status", "training_status",
                    "support_status", "created_at"]  # fmt: skip
    list_filter = ["stage", "kind"]
    search_fields = ["proposed_name", "organisation", "topic"]
    filter_horizontal = ["leaders", "experts"]
    raw_id_fields = ["proposer", "existing_community", "community", "sandbox"]


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["programme", "held_on", "participants"]
    list_select_related = ["programme"]
    search_fields = ["programme__proposed_name", "participants"]


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    list_display = ["programme", "number", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["programme"]
    readonly_fields = ["content", "text"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "due_on", "status", "reminded_at", "overdue_flagged_at"]
    list_filter = ["status"]
    list_select_related = ["programme"]
    search_fields = ["title", "programme__proposed_name"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "audience", "starts_at"]
    list_filter = ["audience"]
    list_select_related = ["programme"]


@admin.register(GoodCase)
class GoodCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "region", "summary"]
    prepopulated_fields = {"slug": ["title"]}
